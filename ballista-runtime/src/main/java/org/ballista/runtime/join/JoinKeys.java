package org.ballista.runtime.join;

import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * The equi-join key columns of both sides and how their values are normalized so that equal SQL
 * values compare equal: integers, dates, booleans, doubles and DECIMAL(p ≤ 18) become one {@code
 * long} (integers and decimals rescaled to a common scale, so INT32 = INT64 = DECIMAL(p,0)); wider
 * decimals become two longs (equal scales required); strings are compared as bytes. Immutable.
 */
final class JoinKeys {
  /** How one key column is represented after normalization. */
  enum Kind { LONG, WIDE, UTF8 }

  private enum Family { INTEGER, DATE, BOOL, FLOAT, UTF8, INTERVAL_DAYS, INTERVAL_MONTHS }

  final int count;
  final int[] leftColumns;
  final int[] rightColumns;
  final boolean[] nullSafe;
  final Kind[] kinds;
  /** Multipliers to the common scale, per key, for LONG keys (1 when none is needed). */
  final long[] leftMultiplier;
  final long[] rightMultiplier;

  private JoinKeys(int[] left, int[] right, boolean[] nullSafe, Kind[] kinds, long[] lm, long[] rm) {
    this.count = left.length;
    this.leftColumns = left;
    this.rightColumns = right;
    this.nullSafe = nullSafe;
    this.kinds = kinds;
    this.leftMultiplier = lm;
    this.rightMultiplier = rm;
  }

  static JoinKeys of(Schema left, Schema right, int[] leftKeys, int[] rightKeys, boolean[] nullSafe) {
    if (leftKeys.length != rightKeys.length || leftKeys.length == 0) {
      throw new BallistaException(BallistaException.Kind.PLANNING,
          "hash join needs the same non-zero number of left and right keys, got " + leftKeys.length
              + " and " + rightKeys.length);
    }
    boolean[] ns = nullSafe == null ? new boolean[leftKeys.length] : nullSafe.clone();
    if (ns.length != leftKeys.length) {
      throw new BallistaException(BallistaException.Kind.PLANNING,
          "hash join nullSafe has " + ns.length + " entries for " + leftKeys.length + " keys");
    }
    int n = leftKeys.length;
    Kind[] kinds = new Kind[n];
    long[] lm = new long[n];
    long[] rm = new long[n];
    for (int i = 0; i < n; i++) {
      DataType lt = typeOf(left, leftKeys[i], "left");
      DataType rt = typeOf(right, rightKeys[i], "right");
      Family lf = family(lt);
      Family rf = family(rt);
      if (lf != rf) {
        throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH,
            "hash join key " + i + ": cannot compare " + lt + " with " + rt);
      }
      lm[i] = 1;
      rm[i] = 1;
      if (lf == Family.UTF8) {
        kinds[i] = Kind.UTF8;
      } else if (lf == Family.INTEGER) {
        int ls = lt instanceof DataType.Decimal d ? d.scale() : 0;
        int rs = rt instanceof DataType.Decimal d ? d.scale() : 0;
        boolean wide = (lt instanceof DataType.Decimal d1 && !d1.fitsInLong())
            || (rt instanceof DataType.Decimal d2 && !d2.fitsInLong());
        if (wide) {
          if (ls != rs) {
            throw BallistaException.unsupported("hash join key " + i + ": " + lt + " = " + rt
                + " needs equal scales for decimals wider than 18 digits");
          }
          kinds[i] = Kind.WIDE;
        } else {
          kinds[i] = Kind.LONG;
          int s = Math.max(ls, rs);
          if (s - Math.min(ls, rs) > 18) {
            throw BallistaException.unsupported("hash join key " + i + ": scales too far apart: " + lt + ", " + rt);
          }
          lm[i] = DecimalVectors.powerOfTen(s - ls);
          rm[i] = DecimalVectors.powerOfTen(s - rs);
        }
      } else {
        kinds[i] = Kind.LONG;
      }
    }
    return new JoinKeys(leftKeys.clone(), rightKeys.clone(), ns, kinds, lm, rm);
  }

  private static DataType typeOf(Schema schema, int column, String side) {
    if (column < 0 || column >= schema.getFields().size()) {
      throw new BallistaException(BallistaException.Kind.PLANNING,
          "hash join " + side + " key column " + column + " out of range (" + schema.getFields().size() + " columns)");
    }
    return DataType.fromArrow(schema.getFields().get(column).getType());
  }

  private static Family family(DataType t) {
    if (t instanceof DataType.Int32 || t instanceof DataType.Int64 || t instanceof DataType.Decimal) {
      return Family.INTEGER;
    } else if (t instanceof DataType.Date) {
      return Family.DATE;
    } else if (t instanceof DataType.Bool) {
      return Family.BOOL;
    } else if (t instanceof DataType.Float64) {
      return Family.FLOAT;
    } else if (t instanceof DataType.Utf8) {
      return Family.UTF8;
    } else if (t instanceof DataType.IntervalDays) {
      return Family.INTERVAL_DAYS;
    } else if (t instanceof DataType.IntervalMonths) {
      return Family.INTERVAL_MONTHS;
    }
    throw BallistaException.unsupported("hash join keys of type " + t + " are not supported");
  }

  boolean allLong() {
    for (Kind k : kinds) {
      if (k != Kind.LONG) {
        return false;
      }
    }
    return true;
  }
}
