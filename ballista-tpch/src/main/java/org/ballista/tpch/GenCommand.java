package org.ballista.tpch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gen}: writes the eight TPC-H tables as Parquet under {@code --out}. */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = "Generate TPC-H data as Parquet: <out>/<table>/part-NNNNN.parquet")
final class GenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--sf", defaultValue = "1", description = "scale factor (default: ${DEFAULT-VALUE})")
  double scaleFactor;

  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--rows-per-file", defaultValue = "1000000",
      description = "most rows per Parquet file, about (default: ${DEFAULT-VALUE})")
  long rowsPerFile;

  @Option(names = "--threads", defaultValue = "2", description = "generator threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Override
  public Integer call() {
    if (!(scaleFactor > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--sf must be > 0, got " + scaleFactor);
    }
    if (rowsPerFile < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rows-per-file must be >= 1");
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1");
    }
    generate(new TpchDataGenerator(scaleFactor, rowsPerFile, threads, TpchDataGenerator.DEFAULT_BATCH_ROWS),
        out, spec.commandLine().getOut());
    return 0;
  }

  /** Generates all tables into {@code out}, printing one line per table and a total. */
  static TpchDataGenerator.Report generate(TpchDataGenerator generator, Path out, PrintWriter pw) {
    pw.printf("generating TPC-H SF %s into %s%n", ExpectedAnswers.scaleName(generator.scaleFactor()), out);
    pw.flush();
    TpchDataGenerator.Report report;
    try (BufferAllocator allocator = new RootAllocator()) {
      report = generator.generate(out, allocator);
    }
    for (TpchDataGenerator.TableResult t : report.tables()) {
      pw.printf("  %-9s %,12d rows  %3d file(s)  %,8d ms%n", t.table(), t.rows(), t.files(), t.millis());
    }
    pw.printf("  %-9s %,12d rows                %,8d ms%n", "total", report.totalRows(), report.totalMillis());
    pw.flush();
    return report;
  }
}
