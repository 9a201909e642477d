package org.ballista.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/** Converts between Calcite's SQL types, the engine's {@link DataType}s and Arrow schemas. */
public final class TypeMapping {
  private TypeMapping() {}

  public static DataType toDataType(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    return switch (name) {
      case BOOLEAN -> DataType.BOOL;
      case TINYINT, SMALLINT, INTEGER -> DataType.INT32;
      case BIGINT -> DataType.INT64;
      case DECIMAL -> DataType.decimal(type.getPrecision(), Math.max(0, type.getScale()));
      case FLOAT, REAL, DOUBLE -> DataType.FLOAT64;
      case DATE -> DataType.DATE;
      case CHAR, VARCHAR -> DataType.UTF8;
      case NULL -> DataType.NULL;
      case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> DataType.INTERVAL_MONTHS;
      case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
          INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
          DataType.INTERVAL_DAYS;
      default -> throw new BallistaException(BallistaException.Kind.UNSUPPORTED, "unsupported SQL type " + type.getFullTypeString());
    };
  }

  public static RelDataType toRelType(DataType type, boolean nullable, RelDataTypeFactory factory) {
    RelDataType t;
    if (type instanceof DataType.Bool) {
      t = factory.createSqlType(SqlTypeName.BOOLEAN);
    } else if (type instanceof DataType.Int32) {
      t = factory.createSqlType(SqlTypeName.INTEGER);
    } else if (type instanceof DataType.Int64) {
      t = factory.createSqlType(SqlTypeName.BIGINT);
    } else if (type instanceof DataType.Float64) {
      t = factory.createSqlType(SqlTypeName.DOUBLE);
    } else if (type instanceof DataType.Decimal d) {
      t = factory.createSqlType(SqlTypeName.DECIMAL, d.precision(), d.scale());
    } else if (type instanceof DataType.Date) {
      t = factory.createSqlType(SqlTypeName.DATE);
    } else if (type instanceof DataType.Utf8) {
      t = factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE);
    } else if (type instanceof DataType.Null) {
      t = factory.createSqlType(SqlTypeName.NULL);
    } else {
      throw new IllegalArgumentException(type + " columns are not supported");
    }
    return factory.createTypeWithNullability(t, nullable);
  }

  /** The Arrow schema of a row type, with the engine's types. */
  public static Schema toSchema(RelDataType rowType) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      fields.add(field(f.getName(), toDataType(f.getType()), f.getType().isNullable()));
    }
    return new Schema(fields);
  }

  public static Field field(String name, DataType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type.toArrow(), null), null);
  }

  public static RelDataType toRowType(Schema schema, RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Field f : schema.getFields()) {
      builder.add(f.getName().toLowerCase(java.util.Locale.ROOT), toRelType(DataType.fromArrow(f.getType()), f.isNullable(), factory));
    }
    return builder.build();
  }
}
