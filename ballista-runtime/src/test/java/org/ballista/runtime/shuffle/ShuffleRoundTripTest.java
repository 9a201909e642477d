package org.ballista.runtime.shuffle;

import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleRoundTripTest extends AllocatorTest {
  private static final Schema ALL_TYPES = TestData.schema("k", DataType.INT64, "b", DataType.BOOL,
      "i", DataType.INT32, "f", DataType.FLOAT64, "dec", DataType.decimal(15, 2), "d", DataType.DATE,
      "s", DataType.UTF8, "n", DataType.NULL);

  @TempDir
  Path work;

  private LocalFileFetcher fetcher() {
    return new LocalFileFetcher(work);
  }

  /** Input partition p: {@code batches} batches of 50 rows, keys drawn from {@code keyRange}, every 9th row NULL. */
  private static BatchSourceExec source(int partitions, int batches, int keyRange, long seed) {
    return new BatchSourceExec(ALL_TYPES, factories(partitions, batches, keyRange, seed));
  }

  private static List<List<Function<BufferAllocator, VectorSchemaRoot>>> factories(int partitions, int batches,
      int keyRange, long seed) {
    Random random = new Random(seed);
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Function<BufferAllocator, VectorSchemaRoot>> list = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
          boolean nul = random.nextInt(9) == 0;
          long k = random.nextInt(keyRange);
          rows.add(new Object[] {nul && r % 2 == 0 ? null : k, nul ? null : random.nextBoolean(),
              nul ? null : random.nextInt(), nul ? null : random.nextDouble(),
              nul ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 2), nul ? null : 9000 + random.nextInt(2000),
              nul ? null : "s" + random.nextInt(100_000) + "ü".repeat(r % 3), null});
        }
        list.add(a -> TestData.batchOfRows(a, ALL_TYPES, rows));
      }
      list.add(a -> TestData.batchOfRows(a, ALL_TYPES, List.of())); // an empty batch is skipped
      parts.add(list);
    }
    return parts;
  }

  private List<ShuffleOutput> runTask(ShuffleWriterExec writer, int task, int attempt) {
    try (BatchStream s = writer.execute(task, attempt, context)) {
      assertEquals(ShuffleOutput.SCHEMA, s.schema());
      VectorSchemaRoot result = s.next();
      assertNotNull(result);
      try (result) {
        assertEquals(ShuffleOutput.SCHEMA, result.getSchema());
        assertNull(s.next());
        return ShuffleOutput.fromBatch(result);
      }
    }
  }

  private static Map<List<Object>, Integer> multiset(List<List<Object>> rows) {
    Map<List<Object>, Integer> m = new HashMap<>();
    rows.forEach(r -> m.merge(r, 1, Integer::sum));
    return m;
  }

  @Test
  void hashShuffleRoundTripsAllTypesIntoTheRightPartitions() throws IOException {
    int outputs = 5;
    BatchSourceExec source = source(3, 4, 3, 21); // 3 distinct keys + NULL: some of 5 outputs stay empty
    ShuffleWriterExec writer = new ShuffleWriterExec("job1", 2, source, new int[] {0}, outputs, work);
    assertEquals(3, writer.outputPartitioning().partitionCount());

    List<List<ShuffleLocation>> locations = new ArrayList<>();
    for (int p = 0; p < outputs; p++) {
      locations.add(new ArrayList<>());
    }
    long totalRows = 0;
    for (int task = 0; task < 3; task++) {
      List<ShuffleOutput> written = runTask(writer, task, 0);
      int last = -1;
      for (ShuffleOutput o : written) {
        assertTrue(o.outputPartition() > last, "sorted by output partition, one file each");
        last = o.outputPartition();
        Path expectedPath = ShufflePaths.dataFile(work, "job1", 2, o.outputPartition(), task, 0);
        assertEquals(work.relativize(expectedPath).toString(), o.path(), "paths are reported relative to the work dir");
        assertEquals(Files.size(expectedPath), o.numBytes());
        assertTrue(o.numRows() > 0 && o.numBatches() > 0 && o.numBatches() <= 4);
        totalRows += o.numRows();
        locations.get(o.outputPartition()).add(o.toLocation("exec-1", "localhost", 50051));
      }
    }
    assertEquals(600, totalRows);
    long nonEmpty = locations.stream().filter(l -> !l.isEmpty()).count();
    assertTrue(nonEmpty >= 1 && nonEmpty < outputs, "some output partitions are empty: " + nonEmpty);
    try (Stream<Path> files = Files.walk(ShufflePaths.jobDir(work, "job1"))) {
      assertEquals(locations.stream().mapToLong(List::size).sum(), files.filter(Files::isRegularFile).count(),
          "no files for empty partitions");
    }

    ShuffleReaderExec reader = new ShuffleReaderExec(ALL_TYPES, locations, fetcher());
    assertEquals(outputs, reader.outputPartitioning().partitionCount());
    List<List<Object>> all = new ArrayList<>();
    for (int p = 0; p < outputs; p++) {
      List<List<Object>> rows = TestData.drain(reader.execute(p, context));
      assertEquals(locations.get(p).stream().mapToLong(ShuffleLocation::numRows).sum(), rows.size());
      for (List<Object> r : rows) {
        long h = r.get(0) == null ? ShuffleHash.NULL_HASH : ShuffleHash.hashLong((Long) r.get(0));
        assertEquals(p, HashPartitioner.partitionOfHash(h, outputs), "row " + r);
      }
      all.addAll(rows);
    }
    List<List<Object>> input = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      input.addAll(TestData.drain(source.execute(p, context)));
    }
    assertEquals(multiset(input), multiset(all));
    assertEquals(source.opened.get(), source.closed.get());

    ShuffleFiles.deleteJob(work, "job1");
    assertFalse(Files.exists(ShufflePaths.jobDir(work, "job1")));
  }

  @Test
  void withoutKeysEachTaskWritesItsOwnPartitionInOrder() {
    BatchSourceExec source = source(2, 3, 1000, 22);
    ShuffleWriterExec writer = new ShuffleWriterExec("job2", 0, source, null, 2, work);
    for (int task = 0; task < 2; task++) {
      List<ShuffleOutput> written = runTask(writer, task, 0);
      assertEquals(1, written.size());
      ShuffleOutput o = written.get(0);
      assertEquals(task, o.outputPartition());
      assertEquals(150, o.numRows());
      assertEquals(3, o.numBatches());
      List<List<Object>> expected = TestData.drain(source.execute(task, context));
      List<List<Object>> got = TestData.drain(fetcher().fetch(o.toLocation("e", "h", 1), ALL_TYPES, context));
      assertEquals(expected, got, "batch and row order kept");
    }
    // without keys a task writes its own output partition, which must exist
    ShuffleWriterExec tooFew = new ShuffleWriterExec("job2", 0, source, new int[0], 2, work);
    assertThrows(IllegalArgumentException.class, () -> tooFew.executeTask(0, 2, 0, context));
  }

  @Test
  void emptyInputWritesNoFile() {
    BatchSourceExec source = new BatchSourceExec(ALL_TYPES, List.of(List.of()));
    ShuffleWriterExec writer = new ShuffleWriterExec("job3", 0, source, new int[] {0, 6}, 4, work);
    assertEquals(List.of(), runTask(writer, 0, 0));
    assertFalse(Files.exists(ShufflePaths.jobDir(work, "job3")));
    ShuffleReaderExec reader = new ShuffleReaderExec(ALL_TYPES, List.of(List.of(), List.of()), fetcher());
    assertEquals(List.of(), TestData.drain(reader.execute(1, context)));
  }

  @Test
  void aRetryWritesNewFilesAndNeverOverwrites() throws IOException {
    BatchSourceExec source = source(1, 2, 1000, 23);
    ShuffleWriterExec writer = new ShuffleWriterExec("job4", 1, source, new int[] {0}, 2, work);
    List<ShuffleOutput> first = runTask(writer, 0, 0);
    byte[] before = Files.readAllBytes(work.resolve(first.get(0).path()));
    List<ShuffleOutput> retry = runTask(writer, 0, 1);
    assertEquals(first.size(), retry.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).outputPartition(), retry.get(i).outputPartition());
      assertEquals(first.get(i).numRows(), retry.get(i).numRows());
      assertTrue(retry.get(i).path().endsWith("data-0-1.arrow"), retry.get(i).path());
      assertTrue(Files.exists(work.resolve(first.get(i).path())));
    }
    BallistaException e = assertThrows(BallistaException.class, () -> runTask(writer, 0, 0));
    assertEquals(BallistaException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("data-0-0.arrow") && e.getMessage().contains("already exists"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(work.resolve(first.get(0).path())), "earlier attempt untouched");
  }

  @Test
  void aFailingTaskLeavesNoFiles() throws IOException {
    List<Function<BufferAllocator, VectorSchemaRoot>> batches = new ArrayList<>(factories(1, 2, 1000, 24).get(0));
    batches.add(a -> {
      throw new IllegalStateException("scan broke");
    });
    BatchSourceExec source = new BatchSourceExec(ALL_TYPES, List.of(batches));
    ShuffleWriterExec writer = new ShuffleWriterExec("job5", 0, source, new int[] {0}, 3, work);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runTask(writer, 0, 0));
    assertEquals("scan broke", e.getMessage());
    try (Stream<Path> files = Files.walk(work)) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void missingCorruptAndTruncatedFilesAreIoErrorsNamingTheFile() throws IOException {
    Path missing = work.resolve("nope.arrow");
    BallistaException e = assertThrows(BallistaException.class,
        () -> fetcher().fetch(location(missing), ALL_TYPES, context));
    assertEquals(BallistaException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    Path garbage = work.resolve("garbage.arrow");
    Files.write(garbage, "this is not an arrow file at all, but it is long enough".getBytes());
    e = assertThrows(BallistaException.class, () -> fetcher().fetch(location(garbage), ALL_TYPES, context));
    assertEquals(BallistaException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

    ShuffleWriterExec writer = new ShuffleWriterExec("job6", 0, source(1, 3, 1000, 25), null, 1, work);
    Path good = work.resolve(runTask(writer, 0, 0).get(0).path());
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = work.resolve("truncated.arrow");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    e = assertThrows(BallistaException.class, () -> TestData.drain(fetcher().fetch(location(truncated), ALL_TYPES,
        context)));
    assertEquals(BallistaException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());

    // a reader of several files fails on the bad one, after reading the good one
    ShuffleReaderExec reader = new ShuffleReaderExec(ALL_TYPES,
        List.of(List.of(location(good), location(garbage))), fetcher());
    BatchStream s = reader.execute(0, context);
    e = assertThrows(BallistaException.class, () -> {
      while (true) {
        VectorSchemaRoot b = s.next();
        assertNotNull(b);
        b.close();
      }
    });
    assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    s.close();
  }

  @Test
  void schemaMismatchIsReported() {
    ShuffleWriterExec writer = new ShuffleWriterExec("job7", 0, source(1, 1, 1000, 26), null, 1, work);
    Path file = work.resolve(runTask(writer, 0, 0).get(0).path());
    Schema other = TestData.schema("k", DataType.UTF8);
    BallistaException e = assertThrows(BallistaException.class, () -> fetcher().fetch(location(file), other, context));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void earlyCloseOfAReaderReleasesTheFile() {
    ShuffleWriterExec writer = new ShuffleWriterExec("job8", 0, source(1, 5, 1000, 27), null, 1, work);
    ShuffleOutput o = runTask(writer, 0, 0).get(0);
    ShuffleReaderExec reader = new ShuffleReaderExec(ALL_TYPES, List.of(List.of(location(Path.of(o.path())),
        location(Path.of(o.path())))), fetcher());
    BatchStream s = reader.execute(0, context);
    VectorSchemaRoot b = s.next();
    assertEquals(50, b.getRowCount());
    b.close();
    s.close();
    assertNull(s.next());
    // the allocator closed after the test fails if the reader's root or a batch leaked
  }

  @Test
  void readsAreRenamedToTheReadersSchema() {
    ShuffleWriterExec writer = new ShuffleWriterExec("job9", 0, source(1, 1, 1000, 28), null, 1, work);
    ShuffleOutput o = runTask(writer, 0, 0).get(0);
    Schema renamed = TestData.schema("k2", DataType.INT64, "b2", DataType.BOOL, "i2", DataType.INT32,
        "f2", DataType.FLOAT64, "dec2", DataType.decimal(15, 2), "d2", DataType.DATE, "s2", DataType.UTF8,
        "n2", DataType.NULL);
    try (BatchStream s = fetcher().fetch(location(Path.of(o.path())), renamed, context)) {
      try (VectorSchemaRoot b = s.next()) {
        assertEquals(renamed, b.getSchema());
        assertEquals(50, b.getRowCount());
      }
    }
  }

  private static ShuffleLocation location(Path path) {
    return new ShuffleLocation("exec-1", "localhost", 1, path.toString(), 0, 0);
  }
}
