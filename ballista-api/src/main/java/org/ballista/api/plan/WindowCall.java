package org.ballista.api.plan;

import java.util.Objects;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;

/**
 * One window function of a {@link PlanNode.Window}, computed for every input row over the rows of
 * its partition (in the window's order) that its frame selects.
 *
 * @param function what is computed
 * @param argument the input column it reads; -1 for functions without one (ROW_NUMBER, RANK,
 *     DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE's bucket count is {@code offset}, COUNT(*))
 * @param offset LAG/LEAD: how many rows back/ahead (≥ 0); NTILE: the number of buckets (≥ 1);
 *     otherwise 0
 * @param defaultValue LAG/LEAD: the value when the offset row is outside the partition (a literal
 *     of {@code type}; NULL literal when absent); otherwise null
 * @param frame the rows of the partition the aggregate (COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE,
 *     LAST_VALUE) covers; ignored by the ranking functions, LAG and LEAD
 * @param type the result type (ROW_NUMBER, RANK, DENSE_RANK, NTILE, COUNT: INT64; PERCENT_RANK,
 *     CUME_DIST: FLOAT64; SUM of DECIMAL(p,s): DECIMAL(18,s); AVG: the call's type; others: the
 *     argument's type)
 * @param name the output column name
 */
public record WindowCall(WindowFunction function, int argument, int offset, Expr.Literal defaultValue,
    WindowFrame frame, DataType type, String name) {

  public WindowCall {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (offset < 0) {
      throw new IllegalArgumentException("window offset must be >= 0: " + offset);
    }
  }

  /** The window functions. */
  public enum WindowFunction {
    ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE,
    LAG, LEAD, FIRST_VALUE, LAST_VALUE,
    COUNT, SUM, AVG, MIN, MAX;

    /** Whether the frame matters (aggregates and FIRST/LAST_VALUE). */
    public boolean usesFrame() {
      return switch (this) {
        case COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE -> true;
        default -> false;
      };
    }
  }
}
