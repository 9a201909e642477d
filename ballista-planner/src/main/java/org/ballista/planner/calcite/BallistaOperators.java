package org.ballista.planner.calcite;

import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.sql.SqlBasicFunction;

/**
 * The SQL functions the validator knows, chosen deliberately:
 *
 * <ul>
 *   <li>Calcite's standard operators;
 *   <li>Calcite's POSTGRESQL library: LENGTH, LEFT, RIGHT, LPAD, RPAD, GREATEST/LEAST (NULLs
 *       ignored), STARTS_WITH, CONCAT (NULL as ''), CONCAT_WS, LOG([base,] x), STRPOS, SUBSTR,
 *       STRING_AGG, ... (what the engine cannot execute fails when the plan is lowered);
 *   <li>a few single operators of other libraries: BigQuery's ENDS_WITH and REVERSE (character
 *       version), and two of our own: {@link #DATE_TRUNC} in PostgreSQL's argument order and
 *       {@link #TRUNC} (an alias of the standard TRUNCATE with its return type).
 * </ul>
 */
public final class BallistaOperators {
  private BallistaOperators() {}

  /** DATE_TRUNC(unit, date) → DATE, PostgreSQL's argument order; the unit is a string literal. */
  public static final SqlFunction DATE_TRUNC = SqlBasicFunction.create("DATE_TRUNC",
      ReturnTypes.ARG1_NULLABLE,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATE),
      SqlFunctionCategory.TIMEDATE);

  /** TRUNC(x [, digits]): the standard TRUNCATE under PostgreSQL's and Oracle's name. */
  public static final SqlFunction TRUNC = SqlStdOperatorTable.TRUNCATE.withName("TRUNC");

  /** The operator table for the validator. */
  public static SqlOperatorTable table() {
    return SqlOperatorTables.chain(
        SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL),
        SqlOperatorTables.of(List.of(SqlLibraryOperators.ENDS_WITH, SqlLibraryOperators.REVERSE, DATE_TRUNC, TRUNC)));
  }

  /**
   * Calcite's standard convertlets, except that GREATEST/LEAST (PostgreSQL flavour) stay calls
   * (the engine evaluates them in one pass) instead of becoming a CASE with a quadratic number of
   * comparisons.
   */
  public static SqlRexConvertletTable convertlets() {
    SqlRexConvertlet keepCall = StandardConvertletTable.INSTANCE::convertCall;
    return call -> {
      SqlKind kind = call.getKind();
      if (kind == SqlKind.GREATEST_PG || kind == SqlKind.LEAST_PG) {
        return keepCall;
      }
      return StandardConvertletTable.INSTANCE.get(call);
    };
  }
}
