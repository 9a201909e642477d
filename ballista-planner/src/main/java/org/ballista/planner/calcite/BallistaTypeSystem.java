package org.ballista.planner.calcite;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * The engine's SQL type rules. DECIMAL precision is capped at 18 so every decimal value fits in a
 * 64-bit scaled integer on the hot path (overflow is detected at run time and reported).
 */
public final class BallistaTypeSystem extends RelDataTypeSystemImpl {
  public static final BallistaTypeSystem INSTANCE = new BallistaTypeSystem();

  private BallistaTypeSystem() {}

  @Override
  public int getMaxPrecision(org.apache.calcite.sql.type.SqlTypeName typeName) {
    if (typeName == org.apache.calcite.sql.type.SqlTypeName.DECIMAL) {
      return 18;
    }
    return super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(org.apache.calcite.sql.type.SqlTypeName typeName) {
    if (typeName == org.apache.calcite.sql.type.SqlTypeName.DECIMAL) {
      return 18;
    }
    return super.getMaxScale(typeName);
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
