package org.ballista.api.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;

class SchemaSerdeTest {
  static final List<DataType> ALL_TYPES = List.of(DataType.BOOL, DataType.INT32, DataType.INT64, DataType.FLOAT64,
      DataType.decimal(1, 0), DataType.decimal(15, 2), DataType.decimal(18, 18), DataType.decimal(38, 0),
      DataType.decimal(38, 38), DataType.DATE, DataType.UTF8, DataType.INTERVAL_DAYS, DataType.INTERVAL_MONTHS,
      DataType.NULL);

  static Field field(String name, DataType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type.toArrow(), null), null);
  }

  @Test
  void everyDataTypeRoundTrips() throws Exception {
    for (DataType t : ALL_TYPES) {
      byte[] bytes = SchemaSerde.toProto(t).toByteArray();
      DataType back = SchemaSerde.fromProto(org.ballista.api.proto.DataType.parseFrom(bytes));
      assertEquals(t, back);
    }
    org.ballista.api.proto.DataType d = SchemaSerde.toProto(DataType.decimal(15, 2));
    assertEquals(15, d.getPrecision());
    assertEquals(2, d.getScale());
  }

  @Test
  void schemaWithEveryTypeAndNullabilityRoundTrips() {
    List<Field> fields = new ArrayList<>();
    for (DataType t : ALL_TYPES) {
      fields.add(field("n_" + t, t, true));
      fields.add(field("nn_" + t, t, false));
    }
    fields.add(new Field("with_meta", new FieldType(true, DataType.UTF8.toArrow(), null, Map.of("b", "2", "a", "1")), null));
    fields.add(field("", DataType.INT64, false)); // an empty name is a name
    Schema schema = new Schema(fields, Map.of("origin", "test", "k", "v"));

    Schema back = SchemaSerde.deserialize(SchemaSerde.serialize(schema));

    assertEquals(schema, back);
    assertEquals(schema.getFields().size(), back.getFields().size());
    for (int i = 0; i < fields.size(); i++) {
      Field want = fields.get(i);
      Field got = back.getFields().get(i);
      assertEquals(want.getName(), got.getName());
      assertEquals(want.getType(), got.getType());
      assertEquals(want.isNullable(), got.isNullable());
    }
    assertEquals(Map.of("a", "1", "b", "2"), back.findField("with_meta").getMetadata());
    assertEquals(Map.of("origin", "test", "k", "v"), back.getCustomMetadata());
    // Metadata is written sorted, so the bytes are stable.
    assertEquals(org.ballista.api.proto.Schema.newBuilder().mergeFrom(SchemaSerde.toProto(back)).build(),
        SchemaSerde.toProto(schema));
  }

  @Test
  void emptySchemaRoundTrips() {
    Schema empty = new Schema(List.of());
    assertEquals(empty, SchemaSerde.deserialize(SchemaSerde.serialize(empty)));
  }

  @Test
  void arrowTypesThatAreNotEngineTypesCannotBeSerialized() {
    Schema narrow = new Schema(List.of(new Field("small", FieldType.nullable(new ArrowType.Int(16, true)), null)));
    BallistaException e = assertThrows(BallistaException.class, () -> SchemaSerde.serialize(narrow));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
    assertTrue(e.getMessage().contains("small"), e.getMessage());

    Schema nested = new Schema(List.of(new Field("list", FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(field("item", DataType.INT32, true)))));
    BallistaException n = assertThrows(BallistaException.class, () -> SchemaSerde.serialize(nested));
    assertTrue(n.getMessage().contains("list"), n.getMessage());
  }

  @Test
  void invalidTypesAreReported() {
    BallistaException unknown = assertThrows(BallistaException.class,
        () -> SchemaSerde.fromProto(org.ballista.api.proto.DataType.newBuilder().setKindValue(99).build()));
    assertEquals(BallistaException.Kind.INTERNAL, unknown.kind());
    assertTrue(unknown.getMessage().startsWith("invalid plan: "), unknown.getMessage());

    BallistaException unspecified = assertThrows(BallistaException.class,
        () -> SchemaSerde.fromProto(org.ballista.api.proto.DataType.getDefaultInstance()));
    assertTrue(unspecified.getMessage().startsWith("invalid plan: "), unspecified.getMessage());

    BallistaException decimal = assertThrows(BallistaException.class, () -> SchemaSerde.fromProto(
        org.ballista.api.proto.DataType.newBuilder().setKind(org.ballista.api.proto.DataType.Kind.DECIMAL)
            .setPrecision(39).setScale(2).build()));
    assertTrue(decimal.getMessage().contains("DECIMAL(39,2)"), decimal.getMessage());

    org.ballista.api.proto.Schema noType = org.ballista.api.proto.Schema.newBuilder()
        .addFields(org.ballista.api.proto.Field.newBuilder().setName("x")).build();
    BallistaException field = assertThrows(BallistaException.class, () -> SchemaSerde.deserialize(noType.toByteArray()));
    assertTrue(field.getMessage().contains("'x' has no type"), field.getMessage());
  }

  @Test
  void malformedBytesAreAnInvalidPlan() {
    for (byte[] bytes : new byte[][] {{(byte) 0xff, (byte) 0xff, (byte) 0xff}, {0x0a, 0x10, 0x01}, null}) {
      BallistaException e = assertThrows(BallistaException.class, () -> SchemaSerde.deserialize(bytes));
      assertEquals(BallistaException.Kind.INTERNAL, e.kind());
      assertTrue(e.getMessage().startsWith("invalid plan: "), e.getMessage());
    }
  }
}
