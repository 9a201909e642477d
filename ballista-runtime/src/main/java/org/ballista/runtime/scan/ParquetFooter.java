package org.ballista.runtime.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ballista.api.BallistaException;

/**
 * Reads the row count of a Parquet file from its footer, without reading any data page: a Parquet
 * file ends with the Thrift-compact-encoded {@code FileMetaData}, its 4-byte little-endian length and
 * the magic {@code PAR1}; {@code num_rows} is field 3 of that struct. Only what is needed to skip the
 * preceding fields is decoded. (arrow-dataset's Java API has no count or metadata call.)
 */
final class ParquetFooter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooter() {}

  /** The number of rows stored in the local Parquet file {@code file}. */
  static long numRows(String file) {
    Path path = FileLists.toPath(file);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 12) {
        throw corrupt(file, "file too small to be Parquet (" + size + " bytes)");
      }
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, tail, size - 8);
      int footerLength = tail.getInt(0);
      for (int i = 0; i < 4; i++) {
        if (tail.get(4 + i) != MAGIC[i]) {
          throw corrupt(file, "Parquet magic bytes not found at the end of the file (encrypted or not Parquet)");
        }
      }
      if (footerLength <= 0 || footerLength > size - 12) {
        throw corrupt(file, "invalid Parquet footer length " + footerLength);
      }
      ByteBuffer footer = ByteBuffer.allocate(footerLength);
      readFully(ch, footer, size - 8 - footerLength);
      return new CompactReader(footer.array(), file).numRows();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BallistaException(BallistaException.Kind.IO, "Parquet file not found: " + file, e);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static BallistaException corrupt(String file, String why) {
    return new BallistaException(BallistaException.Kind.IO, "corrupt Parquet file " + file + ": " + why);
  }

  /** A minimal Thrift compact-protocol reader: enough to skip any value and find one field. */
  private static final class CompactReader {
    private static final int STOP = 0, TRUE = 1, FALSE = 2, BYTE = 3, I16 = 4, I32 = 5, I64 = 6, DOUBLE = 7,
        BINARY = 8, LIST = 9, SET = 10, MAP = 11, STRUCT = 12;
    private final byte[] buf;
    private final String file;
    private int pos;

    CompactReader(byte[] buf, String file) {
      this.buf = buf;
      this.file = file;
    }

    long numRows() {
      int fieldId = 0;
      while (true) {
        int header = readByte() & 0xFF;
        int type = header & 0x0F;
        if (type == STOP) {
          throw corrupt(file, "footer has no num_rows");
        }
        int delta = header >>> 4;
        fieldId = delta != 0 ? fieldId + delta : (short) zigzag(readVarint());
        if (fieldId == 3 && type == I64) {
          return zigzag(readVarint());
        }
        skip(type, 0);
      }
    }

    private void skip(int type, int depth) {
      if (depth > 64) {
        throw corrupt(file, "footer nested too deeply");
      }
      switch (type) {
        case TRUE, FALSE -> { }
        case BYTE -> readByte();
        case I16, I32, I64 -> readVarint();
        case DOUBLE -> advance(8);
        case BINARY -> advance(checkedLength(readVarint()));
        case LIST, SET -> {
          int header = readByte() & 0xFF;
          int size = header >>> 4;
          if (size == 15) {
            size = checkedLength(readVarint());
          }
          int elementType = header & 0x0F;
          for (int i = 0; i < size; i++) {
            if (elementType == TRUE || elementType == FALSE) {
              readByte();
            } else {
              skip(elementType, depth + 1);
            }
          }
        }
        case MAP -> {
          int size = checkedLength(readVarint());
          if (size > 0) {
            int kv = readByte() & 0xFF;
            for (int i = 0; i < size; i++) {
              skipElement(kv >>> 4, depth);
              skipElement(kv & 0x0F, depth);
            }
          }
        }
        case STRUCT -> {
          while (true) {
            int header = readByte() & 0xFF;
            int fieldType = header & 0x0F;
            if (fieldType == STOP) {
              break;
            }
            if ((header >>> 4) == 0) {
              readVarint();
            }
            skip(fieldType, depth + 1);
          }
        }
        default -> throw corrupt(file, "unknown Thrift type " + type + " in footer");
      }
    }

    private void skipElement(int type, int depth) {
      if (type == TRUE || type == FALSE) {
        readByte();
      } else {
        skip(type, depth + 1);
      }
    }

    private int checkedLength(long n) {
      if (n < 0 || n > buf.length - pos) {
        throw corrupt(file, "invalid length " + n + " in footer");
      }
      return (int) n;
    }

    private void advance(int n) {
      if (n > buf.length - pos) {
        throw corrupt(file, "truncated footer");
      }
      pos += n;
    }

    private byte readByte() {
      if (pos >= buf.length) {
        throw corrupt(file, "truncated footer");
      }
      return buf[pos++];
    }

    private long readVarint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = readByte();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw corrupt(file, "invalid varint in footer");
    }

    private static long zigzag(long n) {
      return (n >>> 1) ^ -(n & 1);
    }
  }
}
