package org.ballista.api.serde;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import org.ballista.api.BallistaException;

/** The errors of the serde classes, and the one place bytes are parsed. Stateless. */
final class SerdeErrors {
  /**
   * How deeply messages may nest when parsing bytes (protobuf's default is 100, too few for a plan
   * with deep expressions: every plan node and every expression call costs two levels).
   */
  static final int MAX_NESTING = 1000;

  private SerdeErrors() {}

  /** A plan (or expression or schema) that cannot be decoded: INTERNAL, "invalid plan: ...". */
  static BallistaException invalid(String problem) {
    return new BallistaException(BallistaException.Kind.INTERNAL, "invalid plan: " + problem);
  }

  static BallistaException invalid(String problem, Throwable cause) {
    return new BallistaException(BallistaException.Kind.INTERNAL, "invalid plan: " + problem, cause);
  }

  /** Something of the Java model that has no protobuf form: UNSUPPORTED, "cannot serialize ...". */
  static BallistaException cannotSerialize(String problem) {
    return new BallistaException(BallistaException.Kind.UNSUPPORTED, "cannot serialize " + problem);
  }

  /**
   * Translates an unexpected runtime exception of a decoder (say, a record constructor's
   * IllegalArgumentException) into an invalid-plan error; BallistaExceptions pass through.
   */
  static BallistaException translate(RuntimeException e) {
    if (e instanceof BallistaException b) {
      return b;
    }
    return invalid(e.toString(), e);
  }

  /** Parses {@code bytes} with {@link #MAX_NESTING}; malformed or null bytes are invalid. */
  static <T> T parse(Parser<T> parser, byte[] bytes, String what) {
    if (bytes == null) {
      throw invalid("no bytes for " + what);
    }
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(MAX_NESTING);
      T message = parser.parseFrom(in);
      in.checkLastTagWas(0);
      return message;
    } catch (InvalidProtocolBufferException e) {
      throw invalid("malformed " + what + " bytes (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }

  static void check(boolean condition, String problem) {
    if (!condition) {
      throw invalid(problem);
    }
  }
}
