package org.ballista.api.serde;

import static org.ballista.api.serde.SerdeErrors.check;
import static org.ballista.api.serde.SerdeErrors.invalid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.proto.KeyValue;
import org.ballista.api.types.DataType;

/**
 * Converts {@link DataType}s and Arrow {@link Schema}s to and from their protobuf messages
 * ({@code ballista.plan.DataType}, {@code Field}, {@code Schema}). Stateless.
 *
 * <p>A schema round-trips exactly (names, types, nullability, field and schema metadata) when every
 * field has an engine type's canonical Arrow type ({@link DataType#toArrow()}), no children and no
 * dictionary, which is what the planner and the table registrars produce. Anything else cannot be
 * serialized (UNSUPPORTED, naming the field). Metadata is written sorted by key, so equal schemas
 * give equal bytes.
 *
 * <p>Decoding errors (malformed bytes, missing parts, unknown enum values) are {@code
 * BallistaException}s of kind INTERNAL whose message starts with {@code "invalid plan: "}.
 */
public final class SchemaSerde {
  private SchemaSerde() {}

  public static org.ballista.api.proto.DataType toProto(DataType type) {
    if (type == null) {
      throw SerdeErrors.cannotSerialize("a null data type");
    }
    org.ballista.api.proto.DataType.Builder b = org.ballista.api.proto.DataType.newBuilder();
    if (type instanceof DataType.Bool) {
      b.setKind(org.ballista.api.proto.DataType.Kind.BOOL);
    } else if (type instanceof DataType.Int32) {
      b.setKind(org.ballista.api.proto.DataType.Kind.INT32);
    } else if (type instanceof DataType.Int64) {
      b.setKind(org.ballista.api.proto.DataType.Kind.INT64);
    } else if (type instanceof DataType.Float64) {
      b.setKind(org.ballista.api.proto.DataType.Kind.FLOAT64);
    } else if (type instanceof DataType.Decimal d) {
      b.setKind(org.ballista.api.proto.DataType.Kind.DECIMAL).setPrecision(d.precision()).setScale(d.scale());
    } else if (type instanceof DataType.Date) {
      b.setKind(org.ballista.api.proto.DataType.Kind.DATE);
    } else if (type instanceof DataType.Utf8) {
      b.setKind(org.ballista.api.proto.DataType.Kind.UTF8);
    } else if (type instanceof DataType.IntervalDays) {
      b.setKind(org.ballista.api.proto.DataType.Kind.INTERVAL_DAYS);
    } else if (type instanceof DataType.IntervalMonths) {
      b.setKind(org.ballista.api.proto.DataType.Kind.INTERVAL_MONTHS);
    } else if (type instanceof DataType.Null) {
      b.setKind(org.ballista.api.proto.DataType.Kind.NULL);
    } else {
      throw SerdeErrors.cannotSerialize("data type " + type);
    }
    return b.build();
  }

  public static DataType fromProto(org.ballista.api.proto.DataType proto) {
    org.ballista.api.proto.DataType.Kind kind = proto.getKind();
    if (kind != org.ballista.api.proto.DataType.Kind.DECIMAL) {
      check(proto.getPrecision() == 0 && proto.getScale() == 0, "precision and scale given for non-DECIMAL type " + kind);
    }
    return switch (kind) {
      case BOOL -> DataType.BOOL;
      case INT32 -> DataType.INT32;
      case INT64 -> DataType.INT64;
      case FLOAT64 -> DataType.FLOAT64;
      case DECIMAL -> decimal(proto.getPrecision(), proto.getScale());
      case DATE -> DataType.DATE;
      case UTF8 -> DataType.UTF8;
      case INTERVAL_DAYS -> DataType.INTERVAL_DAYS;
      case INTERVAL_MONTHS -> DataType.INTERVAL_MONTHS;
      case NULL -> DataType.NULL;
      case KIND_UNSPECIFIED, UNRECOGNIZED -> throw invalid("data type kind " + proto.getKindValue() + " is not known");
    };
  }

  private static DataType decimal(int precision, int scale) {
    // uint32 fields: values above 2^31 come out negative here, which the range check rejects.
    check(precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision,
        "DECIMAL(" + Integer.toUnsignedString(precision) + "," + Integer.toUnsignedString(scale) + ") is out of range");
    return DataType.decimal(precision, scale);
  }

  public static org.ballista.api.proto.Field toProto(Field field) {
    if (field == null) {
      throw SerdeErrors.cannotSerialize("a null field");
    }
    String name = field.getName();
    if (name == null) {
      throw SerdeErrors.cannotSerialize("a field without a name (type " + field.getType() + ")");
    }
    if (!field.getChildren().isEmpty() || field.getDictionary() != null) {
      throw SerdeErrors.cannotSerialize("field '" + name + "': nested or dictionary-encoded fields are not engine types");
    }
    ArrowType arrow = field.getType();
    DataType type;
    try {
      type = DataType.fromArrow(arrow);
    } catch (RuntimeException e) {
      throw SerdeErrors.cannotSerialize("field '" + name + "': Arrow type " + arrow + " is not an engine type");
    }
    if (!type.toArrow().equals(arrow)) {
      throw SerdeErrors.cannotSerialize("field '" + name + "': Arrow type " + arrow
          + " is not the Arrow type of an engine type (" + type + " is " + type.toArrow() + ")");
    }
    return org.ballista.api.proto.Field.newBuilder()
        .setName(name)
        .setType(toProto(type))
        .setNullable(field.isNullable())
        .addAllMetadata(metadata(field.getMetadata()))
        .build();
  }

  public static Field fromProto(org.ballista.api.proto.Field proto) {
    check(proto.hasType(), "field '" + proto.getName() + "' has no type");
    DataType type = fromProto(proto.getType());
    Map<String, String> metadata = metadata(proto.getMetadataList());
    return new Field(proto.getName(), new FieldType(proto.getNullable(), type.toArrow(), null, metadata), null);
  }

  public static org.ballista.api.proto.Schema toProto(Schema schema) {
    if (schema == null) {
      throw SerdeErrors.cannotSerialize("a null schema");
    }
    org.ballista.api.proto.Schema.Builder b = org.ballista.api.proto.Schema.newBuilder();
    for (Field f : schema.getFields()) {
      b.addFields(toProto(f));
    }
    return b.addAllMetadata(metadata(schema.getCustomMetadata())).build();
  }

  public static Schema fromProto(org.ballista.api.proto.Schema proto) {
    try {
      List<Field> fields = new ArrayList<>(proto.getFieldsCount());
      for (org.ballista.api.proto.Field f : proto.getFieldsList()) {
        fields.add(fromProto(f));
      }
      return new Schema(fields, metadata(proto.getMetadataList()));
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  /** The protobuf bytes of {@code schema}. */
  public static byte[] serialize(Schema schema) {
    return toProto(schema).toByteArray();
  }

  /** The schema of {@link #serialize} bytes; malformed bytes are INTERNAL "invalid plan: ...". */
  public static Schema deserialize(byte[] bytes) {
    return fromProto(SerdeErrors.parse(org.ballista.api.proto.Schema.parser(), bytes, "schema"));
  }

  private static List<KeyValue> metadata(Map<String, String> map) {
    List<KeyValue> out = new ArrayList<>();
    if (map == null) {
      return out;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (e.getValue() == null) {
        throw SerdeErrors.cannotSerialize("metadata key '" + e.getKey() + "' with a null value");
      }
      out.add(KeyValue.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build());
    }
    return out;
  }

  private static Map<String, String> metadata(List<KeyValue> entries) {
    if (entries.isEmpty()) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (KeyValue kv : entries) {
      check(map.put(kv.getKey(), kv.getValue()) == null, "metadata key '" + kv.getKey() + "' appears twice");
    }
    return map;
  }
}
