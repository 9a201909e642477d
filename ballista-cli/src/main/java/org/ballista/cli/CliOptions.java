package org.ballista.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.runtime.format.OutputFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The command line, as picocli fills it in (mutable by necessity; read once by {@link BallistaCli}). */
@Command(
    name = "ballista-cli",
    mixinStandardHelpOptions = true,
    version = "ballista-cli 0.1.0-SNAPSHOT",
    sortOptions = false,
    description = {
        "Runs SQL on the Ballista engine in this process.",
        "Statements from -c and -f run in the order given; without them, an interactive prompt opens "
            + "(or, when standard input is not a terminal, statements are read from it)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:all statements succeeded", "1:a statement failed", "2:invalid command line"})
final class CliOptions {
  /** One -c or -f occurrence; picocli keeps them in command-line order. */
  static final class Input {
    @Option(names = {"-c", "--command"}, paramLabel = "SQL", required = true,
        description = "SQL to run (several statements separated by ';' allowed). Repeatable.")
    String sql;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
        description = "File of ';'-separated SQL statements to run. Repeatable.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..*")
  List<Input> inputs = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
      description = "Output format: table, csv, tsv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(names = "--max-rows", paramLabel = "N",
      description = "Print at most N rows per result (negative: all). Default: 1000 for table, all for the other formats.")
  Integer maxRows;

  @Option(names = {"-q", "--quiet"}, description = "Do not print row counts and timings.")
  boolean quiet;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Target number of partitions (default: the number of cores).")
  Integer partitions;

  @Option(names = "--batch-size", paramLabel = "N", description = "Rows per batch (default: 8192).")
  Integer batchSize;

  @Option(names = "--scheduler", paramLabel = "HOST:PORT",
      description = "Run the statements on the cluster whose scheduler is at HOST:PORT (default: in this process).")
  String scheduler;

  /** Parses --format with {@link OutputFormat#parse}, turning its error into a usage error. */
  static final class FormatConverter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.parse(value);
      } catch (BallistaException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
