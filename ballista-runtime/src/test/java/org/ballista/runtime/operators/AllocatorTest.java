package org.ballista.runtime.operators;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of operator tests: a fresh root allocator per test, closed afterwards so leaks fail the test. */
public abstract class AllocatorTest {
  protected BufferAllocator allocator;
  protected TaskContext context;

  @BeforeEach
  protected void openAllocator() {
    allocator = new RootAllocator();
    context = new TaskContext(allocator, new SessionConfig(4, 1024));
  }

  @AfterEach
  protected void closeAllocator() {
    allocator.close();
  }

  protected TaskContext context(int batchSize) {
    return new TaskContext(allocator, new SessionConfig(4, batchSize));
  }
}
