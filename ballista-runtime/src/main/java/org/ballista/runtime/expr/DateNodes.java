package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/** Date arithmetic and EXTRACT, with integer civil-calendar math (no LocalDate per row). */
final class DateNodes {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private DateNodes() {}

  /** DATE + INTERVAL_DAYS (millis, whole days) or DATE + INTERVAL_MONTHS (day clamped to month end). */
  static final class AddInterval extends Node {
    private final Node date;
    private final Node interval;
    private final boolean months;

    AddInterval(Node date, Node interval, boolean months) {
      super(DataType.DATE);
      this.date = date;
      this.interval = interval;
      this.months = months;
    }

    @Override
    boolean canFail() {
      return date.canFail() || interval.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg d = date.arg(ctx);
          LongIO.IntOperand k = new LongIO.IntOperand(interval, ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.validity(d.vector(), n), k.validity);
        FieldVector out = Results.allocate(DataType.DATE, n, ctx.allocator());
        try {
          ArrowBuf in = d.vector().getDataBuffer();
          ArrowBuf o = out.getDataBuffer();
          if (months) {
            for (int i = 0; i < n; i++) {
              o.setInt((long) i << 2, CivilDate.addMonths(in.getInt((long) i << 2), k.get(i)));
            }
          } else {
            for (int i = 0; i < n; i++) {
              o.setInt((long) i << 2, (int) (in.getInt((long) i << 2) + k.get(i) / MILLIS_PER_DAY));
            }
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }
  }

  /** EXTRACT(YEAR | MONTH | DAY | QUARTER | DOW | DOY FROM date); DOW is 1 = Sunday .. 7 = Saturday. */
  static final class Extract extends Node {
    private final Op field;
    private final Node date;

    Extract(Op field, Node date, DataType type) {
      super(type);
      this.field = field;
      this.date = date;
    }

    @Override
    boolean canFail() {
      return date.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg d = date.arg(ctx)) {
        long[] valid = Bitmaps.validity(d.vector(), n);
        FieldVector out = Results.allocate(type, n, ctx.allocator());
        try {
          ArrowBuf in = d.vector().getDataBuffer();
          ArrowBuf o = out.getDataBuffer();
          int width = LongIO.width(out);
          for (int i = 0; i < n; i++) {
            int days = in.getInt((long) i << 2);
            long v = switch (field) {
              case EXTRACT_YEAR -> CivilDate.year(CivilDate.civil(days));
              case EXTRACT_MONTH -> CivilDate.month(CivilDate.civil(days));
              case EXTRACT_DAY -> CivilDate.day(CivilDate.civil(days));
              case EXTRACT_QUARTER -> (CivilDate.month(CivilDate.civil(days)) - 1) / 3 + 1;
              case EXTRACT_DOW -> CivilDate.dayOfWeek(days);
              case EXTRACT_DOY -> CivilDate.dayOfYear(days);
              default -> throw BallistaException.internal("not an extract: " + field, null);
            };
            LongIO.write(o, width, i, v, null, Kernels.INTEGER_OVERFLOW);
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }
  }

  /**
   * DATE_TRUNC to YEAR / QUARTER / MONTH / WEEK (Monday) / DAY: the first day of the period
   * containing the date.
   */
  static final class Truncate extends Node {
    private final Op unit;
    private final Node date;

    Truncate(Op unit, Node date) {
      super(DataType.DATE);
      this.unit = unit;
      this.date = date;
    }

    @Override
    boolean canFail() {
      return date.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg d = date.arg(ctx)) {
        long[] valid = Bitmaps.validity(d.vector(), n);
        FieldVector out = Results.allocate(DataType.DATE, n, ctx.allocator());
        try {
          ArrowBuf in = d.vector().getDataBuffer();
          ArrowBuf o = out.getDataBuffer();
          for (int i = 0; i < n; i++) {
            int days = in.getInt((long) i << 2);
            o.setInt((long) i << 2, truncate(unit, days));
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }

    static int truncate(Op unit, int days) {
      switch (unit) {
        case DATE_TRUNC_DAY:
          return days;
        case DATE_TRUNC_WEEK:
          // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays
          return days - Math.floorMod(days + 3, 7);
        default:
          break;
      }
      long c = CivilDate.civil(days);
      int y = CivilDate.year(c);
      return switch (unit) {
        case DATE_TRUNC_YEAR -> CivilDate.daysFromCivil(y, 1, 1);
        case DATE_TRUNC_QUARTER -> CivilDate.daysFromCivil(y, (CivilDate.month(c) - 1) / 3 * 3 + 1, 1);
        case DATE_TRUNC_MONTH -> CivilDate.daysFromCivil(y, CivilDate.month(c), 1);
        default -> throw BallistaException.internal("not a date truncation: " + unit, null);
      };
    }
  }
}
