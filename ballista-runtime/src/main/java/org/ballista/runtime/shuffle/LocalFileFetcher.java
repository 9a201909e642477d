package org.ballista.runtime.shuffle;

import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.runtime.vector.Vectors;

/**
 * Reads a shuffle file from the local disk ({@link ShuffleLocation#path()}; the executor id, host
 * and port are ignored) with Arrow's {@link ArrowFileReader}. The file is opened and its footer and
 * schema checked in {@link #fetch}; each {@code next()} loads one record batch into the reader's
 * root and transfers its buffers to a new batch for the caller (no copy). The reader (and the file
 * handle) is closed at the end of the file, on failure, or by {@code close()}. Stateless and
 * thread-safe.
 */
public final class LocalFileFetcher implements ShuffleTransport {
  private final Path workDir;

  /** Reads absolute paths, or paths relative to the current directory. */
  public LocalFileFetcher() {
    this(null);
  }

  /** Resolves relative location paths (as shuffle writers report them) against {@code workDir}. */
  public LocalFileFetcher(Path workDir) {
    this.workDir = workDir;
  }

  @Override
  public void close() {}

  @Override
  public BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context) {
    Path path = Path.of(location.path());
    if (!path.isAbsolute() && workDir != null) {
      path = workDir.resolve(path);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BallistaException(BallistaException.Kind.IO, "shuffle file not found: " + path, e);
    } catch (IOException | RuntimeException e) {
      throw ioError(path, "cannot open", e);
    }
    ArrowFileReader reader = new ArrowFileReader(channel, context.allocator());
    try {
      Schema stored = reader.getVectorSchemaRoot().getSchema();
      checkSchema(path, stored, schema);
      return new FileStream(path, reader, schema, context);
    } catch (Throwable t) {
      try {
        reader.close();
      } catch (Throwable c) {
        t.addSuppressed(c);
      }
      if (t instanceof BallistaException b) {
        throw b;
      }
      throw ioError(path, "corrupt or unreadable", t);
    }
  }

  static BallistaException ioError(Path path, String what, Throwable cause) {
    return new BallistaException(BallistaException.Kind.IO,
        "shuffle file " + path + ": " + what + " (" + cause + ")", cause);
  }

  private static void checkSchema(Path path, Schema stored, Schema expected) {
    List<Field> s = stored.getFields();
    List<Field> e = expected.getFields();
    boolean same = s.size() == e.size();
    for (int i = 0; same && i < s.size(); i++) {
      same = s.get(i).getType().equals(e.get(i).getType());
    }
    if (!same) {
      throw new BallistaException(BallistaException.Kind.INTERNAL,
          "shuffle file " + path + " has schema " + stored + " but the reader expects " + expected);
    }
  }

  private static final class FileStream implements BatchStream {
    private final Path path;
    private final Schema schema;
    private final TaskContext context;
    private ArrowFileReader reader; // null once closed

    FileStream(Path path, ArrowFileReader reader, Schema schema, TaskContext context) {
      this.path = path;
      this.reader = reader;
      this.schema = schema;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public VectorSchemaRoot next() {
      if (reader == null) {
        return null;
      }
      context.checkCancelled();
      try {
        if (!reader.loadNextBatch()) {
          close();
          return null;
        }
        return take(reader.getVectorSchemaRoot());
      } catch (BallistaException e) {
        close();
        throw e;
      } catch (IOException | RuntimeException e) {
        BallistaException failure = ioError(path, "corrupt or unreadable batch", e);
        try {
          close();
        } catch (RuntimeException c) {
          failure.addSuppressed(c);
        }
        throw failure;
      }
    }

    /** Transfers the reader root's buffers into a new batch of the expected schema. */
    private VectorSchemaRoot take(VectorSchemaRoot root) {
      int rows = root.getRowCount();
      List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
      try {
        for (FieldVector v : root.getFieldVectors()) {
          TransferPair pair = v.getTransferPair(context.allocator());
          pair.transfer();
          vectors.add((FieldVector) pair.getTo());
        }
        return Vectors.batch(schema, vectors, rows);
      } catch (RuntimeException e) {
        vectors.forEach(FieldVector::close);
        throw e;
      }
    }

    @Override
    public void close() {
      ArrowFileReader r = reader;
      reader = null;
      if (r != null) {
        try {
          r.close();
        } catch (IOException e) {
          throw ioError(path, "cannot close", e);
        }
      }
    }
  }
}
