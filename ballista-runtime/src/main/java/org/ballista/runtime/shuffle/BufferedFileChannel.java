package org.ballista.runtime.shuffle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Coalesces the many small writes of the Arrow IPC writer (message headers, padding, one write per
 * buffer) into writes of up to {@code capacity} bytes; writes at least that large go straight
 * through. Closing flushes and closes the file. Not thread-safe.
 */
final class BufferedFileChannel implements WritableByteChannel {
  private final FileChannel out;
  private final ByteBuffer buffer;
  private boolean open = true;

  BufferedFileChannel(FileChannel out, int capacity) {
    this.out = out;
    this.buffer = ByteBuffer.allocate(capacity);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    if (n > buffer.remaining()) {
      flush();
    }
    if (n >= buffer.capacity()) {
      while (src.hasRemaining()) {
        out.write(src);
      }
    } else {
      buffer.put(src);
    }
    return n;
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (!open) {
      return;
    }
    open = false;
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
