package org.ballista.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The CLI's surroundings, so tests can replace them.
 *
 * @param in standard input (read when there is no terminal and no -c/-f)
 * @param out where results go (written as UTF-8)
 * @param err where errors, row counts and timings go
 * @param terminal opens the interactive terminal; null when standard input is not a terminal
 * @param env environment variables ({@code BALLISTA_DEBUG})
 * @param historyFile the interactive history file; null for no history
 */
public record CliIo(InputStream in, PrintStream out, PrintStream err, TerminalFactory terminal,
    Map<String, String> env, Path historyFile) {

  /** Opens the terminal of an interactive session; the caller closes it. */
  @FunctionalInterface
  public interface TerminalFactory {
    Terminal open() throws IOException;
  }

  public CliIo {
    env = Map.copyOf(env);
  }

  /** The process's own streams, terminal (when both standard input and output are one) and environment. */
  public static CliIo system() {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    TerminalFactory terminal = System.console() == null ? null : () -> TerminalBuilder.builder().system(true).build();
    return new CliIo(System.in, out, System.err, terminal, System.getenv(),
        Path.of(System.getProperty("user.home"), ".ballista_history"));
  }

  boolean debug() {
    String v = env.get("BALLISTA_DEBUG");
    return v != null && !v.isEmpty();
  }
}
