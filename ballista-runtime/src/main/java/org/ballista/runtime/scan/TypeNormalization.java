package org.ballista.runtime.scan;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Maps the Arrow types a file reader yields to the engine's types ({@link DataType}): narrow and
 * unsigned integers widen to INT32/INT64, Float32 to FLOAT64, LargeUtf8 to UTF8, DateMilli to DATE
 * (days); decimals are kept. Stateless.
 */
public final class TypeNormalization {
  private TypeNormalization() {}

  /** The engine's type for a file column, or UNSUPPORTED naming the column and its Arrow type. */
  public static DataType engineType(Field field) {
    ArrowType t = field.getType();
    if (t instanceof ArrowType.Decimal d && d.getBitWidth() != 128) {
      throw BallistaException.unsupported("column " + field.getName() + ": unsupported type " + t);
    }
    try {
      return DataType.fromArrow(t);
    } catch (BallistaException e) {
      throw new BallistaException(BallistaException.Kind.UNSUPPORTED,
          "column " + field.getName() + ": unsupported type " + t, e);
    }
  }

  /** {@code schema} with every field's type replaced by the engine's type (names, nullability kept). */
  public static Schema normalize(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.getFields().size());
    for (Field f : schema.getFields()) {
      fields.add(Vectors.field(f.getName(), engineType(f), f.isNullable()));
    }
    return new Schema(fields);
  }

  /**
   * A new vector of {@code target}'s field (name and engine type), allocated from {@code allocator}
   * and owned by the caller, holding the {@code rowCount} values of {@code source}. When the types
   * agree the buffers are transferred (zero-copy, {@code source} is left empty); otherwise the values
   * are converted and {@code source} is left untouched (its owner still closes it).
   */
  public static FieldVector moveInto(FieldVector source, Field target, int rowCount, BufferAllocator allocator) {
    ArrowType from = source.getField().getType();
    ArrowType to = target.getType();
    if (from.equals(to)) {
      TransferPair pair = source.getTransferPair(target, allocator);
      pair.transfer();
      FieldVector out = (FieldVector) pair.getTo();
      out.setValueCount(rowCount);
      return out;
    }
    FieldVector out = target.createVector(allocator);
    try {
      convert(source, out, rowCount);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static void convert(FieldVector source, FieldVector out, int rowCount) {
    ArrowType from = source.getField().getType();
    ArrowType to = out.getField().getType();
    if (to instanceof ArrowType.Int ti && from instanceof ArrowType.Int fi && ti.getIsSigned()) {
      convertInt(source, fi, out, ti.getBitWidth(), rowCount);
    } else if (to instanceof ArrowType.FloatingPoint && (from instanceof ArrowType.FloatingPoint || from instanceof ArrowType.Int)) {
      Float8Vector dst = (Float8Vector) out;
      dst.allocateNew(rowCount);
      for (int i = 0; i < rowCount; i++) {
        if (source.isNull(i)) {
          dst.setNull(i);
        } else if (source instanceof Float4Vector f4) {
          dst.set(i, f4.get(i));
        } else if (source instanceof Float8Vector f8) {
          dst.set(i, f8.get(i));
        } else {
          dst.set(i, (double) intAt(source.getDataBuffer(), (ArrowType.Int) from, i));
        }
      }
    } else if (to instanceof ArrowType.Utf8 && from instanceof ArrowType.LargeUtf8) {
      copyLargeUtf8((LargeVarCharVector) source, (VarCharVector) out, rowCount);
    } else if (to instanceof ArrowType.Date && source instanceof DateMilliVector ms) {
      DateDayVector dst = (DateDayVector) out;
      dst.allocateNew(rowCount);
      for (int i = 0; i < rowCount; i++) {
        if (ms.isNull(i)) {
          dst.setNull(i);
        } else {
          dst.set(i, (int) Math.floorDiv(ms.get(i), 86_400_000L));
        }
      }
    } else {
      throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "column " + out.getField().getName()
          + ": cannot read " + from + " as " + DataType.fromArrow(to));
    }
    out.setValueCount(rowCount);
  }

  private static void convertInt(FieldVector source, ArrowType.Int from, FieldVector out, int toBits, int rowCount) {
    ArrowBuf data = source.getDataBuffer();
    if (toBits == 32) {
      IntVector dst = (IntVector) out;
      dst.allocateNew(rowCount);
      for (int i = 0; i < rowCount; i++) {
        if (source.isNull(i)) {
          dst.setNull(i);
        } else {
          dst.set(i, (int) intAt(data, from, i));
        }
      }
    } else {
      BigIntVector dst = (BigIntVector) out;
      dst.allocateNew(rowCount);
      for (int i = 0; i < rowCount; i++) {
        if (source.isNull(i)) {
          dst.setNull(i);
        } else {
          dst.set(i, intAt(data, from, i));
        }
      }
    }
  }

  /** An integer of any Arrow width and signedness, read from a raw data buffer. */
  private static long intAt(ArrowBuf data, ArrowType.Int type, int i) {
    boolean signed = type.getIsSigned();
    return switch (type.getBitWidth()) {
      case 8 -> signed ? data.getByte(i) : data.getByte(i) & 0xFFL;
      case 16 -> signed ? data.getShort(2L * i) : data.getShort(2L * i) & 0xFFFFL;
      case 32 -> signed ? data.getInt(4L * i) : data.getInt(4L * i) & 0xFFFF_FFFFL;
      default -> data.getLong(8L * i);
    };
  }

  private static void copyLargeUtf8(LargeVarCharVector source, VarCharVector dst, int rowCount) {
    ArrowBuf srcOffsets = source.getOffsetBuffer();
    long start = rowCount == 0 ? 0 : srcOffsets.getLong(0);
    long end = rowCount == 0 ? 0 : srcOffsets.getLong(8L * rowCount);
    long bytes = end - start;
    if (bytes > Integer.MAX_VALUE) {
      throw BallistaException.execution("column " + dst.getField().getName() + ": string batch larger than 2 GiB");
    }
    dst.allocateNew(Math.max(1, bytes), rowCount);
    ArrowBuf data = dst.getDataBuffer();
    data.setBytes(0, source.getDataBuffer(), start, bytes);
    ArrowBuf offsets = dst.getOffsetBuffer();
    for (int i = 0; i <= rowCount; i++) {
      offsets.setInt(4L * i, (int) (srcOffsets.getLong(8L * i) - start));
    }
    for (int i = 0; i < rowCount; i++) {
      if (!source.isNull(i)) {
        dst.setIndexDefined(i);
      }
    }
    dst.setLastSet(rowCount - 1);
  }
}
