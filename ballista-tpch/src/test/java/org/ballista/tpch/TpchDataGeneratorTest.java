package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trino.tpch.LineItem;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.runtime.vector.DecimalVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpchDataGeneratorTest {
  private static final Map<String, Long> SF001_ROWS = Map.of(
      "lineitem", 60175L, "orders", 15000L, "customer", 1500L, "part", 2000L,
      "partsupp", 8000L, "supplier", 100L, "nation", 25L, "region", 5L);

  @TempDir static Path out;
  static BufferAllocator allocator;
  static TpchDataGenerator.Report report;

  @BeforeAll
  static void generate() {
    allocator = new RootAllocator();
    // Small files so lineitem, orders and partsupp are split into several generator parts.
    report = new TpchDataGenerator(0.01, 20_000, 2, 8192).generate(out, allocator);
  }

  @AfterAll
  static void close() {
    allocator.close();
  }

  @Test
  void reportsRowCountsAndFiles() throws IOException {
    for (TpchDataGenerator.TableResult t : report.tables()) {
      assertEquals(SF001_ROWS.get(t.table()), t.rows(), t.table());
      List<Path> files = list(out.resolve(t.table()));
      assertEquals(t.files(), files.size(), t.table());
      for (Path f : files) {
        assertTrue(f.getFileName().toString().matches("part-\\d{5}\\.parquet"), f.toString());
      }
    }
    assertEquals(TpchSchemas.TABLE_NAMES, report.tables().stream().map(TpchDataGenerator.TableResult::table).toList());
    assertEquals(3, report.tables().get(7).files()); // lineitem: ~60,000 rows / 20,000
    assertEquals(1, report.tables().get(0).files());
  }

  @Test
  void readsBackEveryTableWithTheSchemaTypesAndRowCounts() throws Exception {
    for (String table : TpchSchemas.TABLE_NAMES) {
      long[] rows = {0};
      Schema read = scan(out.resolve(table), root -> rows[0] += root.getRowCount());
      assertEquals(SF001_ROWS.get(table), rows[0], table);
      List<Field> expected = TpchSchemas.schema(table).getFields();
      assertEquals(expected.size(), read.getFields().size(), table);
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i).getName(), read.getFields().get(i).getName());
        assertEquals(expected.get(i).getType(), read.getFields().get(i).getType(), expected.get(i).getName());
      }
    }
  }

  @Test
  void firstRowsHoldTheGeneratorsValues() throws Exception {
    scanFirst(out.resolve("lineitem/part-00000.parquet"), root -> {
      // 1|1552|93|1|17|24710.35|0.04|0.02|N|O|1996-03-13|1996-02-12|1996-03-22|DELIVER IN PERSON|TRUCK|egular courts above the|
      assertEquals(1L, ((BigIntVector) root.getVector("l_orderkey")).get(0));
      assertEquals(1552L, ((BigIntVector) root.getVector("l_partkey")).get(0));
      assertEquals(93L, ((BigIntVector) root.getVector("l_suppkey")).get(0));
      assertEquals(1, ((IntVector) root.getVector("l_linenumber")).get(0));
      assertEquals(new BigDecimal("17.00"), ((DecimalVector) root.getVector("l_quantity")).getObject(0));
      assertEquals(new BigDecimal("24710.35"), ((DecimalVector) root.getVector("l_extendedprice")).getObject(0));
      assertEquals(new BigDecimal("0.04"), ((DecimalVector) root.getVector("l_discount")).getObject(0));
      assertEquals(new BigDecimal("0.02"), ((DecimalVector) root.getVector("l_tax")).getObject(0));
      assertEquals("N", text(root, "l_returnflag", 0));
      assertEquals("O", text(root, "l_linestatus", 0));
      assertEquals(LocalDate.of(1996, 3, 13), date(root, "l_shipdate", 0));
      assertEquals(LocalDate.of(1996, 2, 12), date(root, "l_commitdate", 0));
      assertEquals(LocalDate.of(1996, 3, 22), date(root, "l_receiptdate", 0));
      assertEquals("DELIVER IN PERSON", text(root, "l_shipinstruct", 0));
      assertEquals("TRUCK", text(root, "l_shipmode", 0));
      assertEquals("egular courts above the", text(root, "l_comment", 0));
    });
    scanFirst(out.resolve("orders/part-00000.parquet"), root -> {
      // 1|370|O|172799.49|1996-01-02|5-LOW|Clerk#000000951|0|nstructions sleep furiously among |
      assertEquals(370L, ((BigIntVector) root.getVector("o_custkey")).get(0));
      assertEquals("O", text(root, "o_orderstatus", 0));
      assertEquals(new BigDecimal("172799.49"), ((DecimalVector) root.getVector("o_totalprice")).getObject(0));
      assertEquals(LocalDate.of(1996, 1, 2), date(root, "o_orderdate", 0));
      assertEquals("Clerk#000000951", text(root, "o_clerk", 0));
      assertEquals(0, ((IntVector) root.getVector("o_shippriority")).get(0));
      assertEquals("nstructions sleep furiously among ", text(root, "o_comment", 0));
    });
    scanFirst(out.resolve("supplier/part-00000.parquet"), root -> {
      assertEquals(" N kD4on9OM Ipw3,gf0JBoQDd7tgrzrddZ", text(root, "s_address", 0));
      assertEquals(new BigDecimal("5755.94"), ((DecimalVector) root.getVector("s_acctbal")).getObject(0));
    });
    scanFirst(out.resolve("partsupp/part-00000.parquet"), root -> {
      assertEquals(3325, ((IntVector) root.getVector("ps_availqty")).get(0));
      assertEquals(new BigDecimal("771.64"), ((DecimalVector) root.getVector("ps_supplycost")).getObject(0));
    });
    scanFirst(out.resolve("nation/part-00000.parquet"), root -> assertEquals("ALGERIA", text(root, "n_name", 0)));
  }

  @Test
  void everyLineitemRowEqualsTheGenerator() throws Exception {
    Iterator<LineItem> expected = TpchTable.LINE_ITEM.createGenerator(0.01, 1, 1).iterator();
    long[] seen = {0};
    for (Path file : list(out.resolve("lineitem"))) {
      scan(file, root -> {
        BigIntVector orderKey = (BigIntVector) root.getVector("l_orderkey");
        IntVector lineNumber = (IntVector) root.getVector("l_linenumber");
        DecimalVector price = (DecimalVector) root.getVector("l_extendedprice");
        DecimalVector quantity = (DecimalVector) root.getVector("l_quantity");
        DateDayVector receipt = (DateDayVector) root.getVector("l_receiptdate");
        VarCharVector comment = (VarCharVector) root.getVector("l_comment");
        for (int i = 0; i < root.getRowCount(); i++) {
          LineItem e = expected.next();
          String where = "row " + seen[0];
          assertEquals(e.getOrderKey(), orderKey.get(i), where);
          assertEquals(e.getLineNumber(), lineNumber.get(i), where);
          assertEquals(e.getExtendedPriceInCents(), price.getObject(i).unscaledValue().longValueExact(), where);
          assertEquals(e.getQuantity() * 100, quantity.getObject(i).unscaledValue().longValueExact(), where);
          assertEquals(e.getReceiptDate(), receipt.get(i), where);
          assertEquals(e.getComment(), new String(comment.get(i), StandardCharsets.UTF_8), where);
          seen[0]++;
        }
      });
    }
    assertEquals(60175, seen[0]);
    assertTrue(!expected.hasNext());
  }

  /** TPC-H Q6 computed over the written files equals the bundled SF 0.01 answer (1193053.23). */
  @Test
  void writtenDataGivesTheBundledQ6Answer() throws Exception {
    long from = LocalDate.of(1994, 1, 1).toEpochDay();
    long to = LocalDate.of(1995, 1, 1).toEpochDay();
    BigDecimal[] revenue = {BigDecimal.ZERO};
    scan(out.resolve("lineitem"), root -> {
      DateDayVector ship = (DateDayVector) root.getVector("l_shipdate");
      DecimalVector discount = (DecimalVector) root.getVector("l_discount");
      DecimalVector quantity = (DecimalVector) root.getVector("l_quantity");
      DecimalVector price = (DecimalVector) root.getVector("l_extendedprice");
      long sum = 0; // scale 4
      for (int i = 0; i < root.getRowCount(); i++) {
        long d = DecimalVectors.getLong(discount, i);
        if (ship.get(i) >= from && ship.get(i) < to && d >= 5 && d <= 7
            && DecimalVectors.getLong(quantity, i) < 2400) {
          sum += DecimalVectors.getLong(price, i) * d;
        }
      }
      revenue[0] = revenue[0].add(BigDecimal.valueOf(sum, 4));
    });
    CsvTable q6 = ExpectedAnswers.bundled(0.01).answer(6).orElseThrow();
    assertEquals(new BigDecimal(q6.rows().get(0).get(0)), revenue[0].setScale(2, RoundingMode.HALF_UP));
  }

  @Test
  void regeneratingReplacesOldFiles() throws Exception {
    Path dir = out.resolve("again");
    new TpchDataGenerator(0.01, 5_000, 1, 32_768).generate(dir, allocator, List.of("orders"));
    assertEquals(3, list(dir.resolve("orders")).size());
    TpchDataGenerator.Report again =
        new TpchDataGenerator(0.01, 1_000_000, 1, 32_768).generate(dir, allocator, List.of("orders"));
    assertEquals(1, list(dir.resolve("orders")).size());
    assertEquals(15000, again.totalRows());
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static String text(VectorSchemaRoot root, String column, int row) {
    return new String(((VarCharVector) root.getVector(column)).get(row), StandardCharsets.UTF_8);
  }

  private static LocalDate date(VectorSchemaRoot root, String column, int row) {
    return LocalDate.ofEpochDay(((DateDayVector) root.getVector(column)).get(row));
  }

  private static void scanFirst(Path file, Consumer<VectorSchemaRoot> check) throws Exception {
    boolean[] done = {false};
    scan(file, root -> {
      if (!done[0] && root.getRowCount() > 0) {
        check.accept(root);
        done[0] = true;
      }
    });
    assertTrue(done[0], "no rows in " + file);
  }

  /** Scans a file or directory, handing each batch to {@code each}; returns the dataset's schema. */
  private static Schema scan(Path path, Consumer<VectorSchemaRoot> each) throws Exception {
    try (FileSystemDatasetFactory factory = new FileSystemDatasetFactory(
            allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, path.toUri().toString());
        Dataset dataset = factory.finish();
        Scanner scanner = dataset.newScan(new ScanOptions(32_768));
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        each.accept(reader.getVectorSchemaRoot());
      }
      return scanner.schema();
    }
  }
}
