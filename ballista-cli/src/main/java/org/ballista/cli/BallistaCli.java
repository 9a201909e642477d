package org.ballista.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.ballista.api.BallistaException;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code ballista-cli} command: runs SQL from {@code -c} and {@code -f} (in command-line order,
 * stopping at the first failing statement), or from standard input when it is not a terminal (also
 * stopping at the first failure), or else at an interactive prompt (where failures are reported and
 * the prompt continues). One session serves all statements, so tables created by one statement are
 * seen by the next.
 *
 * <p>In interactive mode Ctrl-C cancels the running statement (see {@link InteractiveShell}); in the
 * other modes it ends the process, after cancelling the running query (a shutdown hook), so a
 * cluster job does not outlive it.
 *
 * <p>Exit status: 0 when every statement succeeded, 1 after a failure (reported as {@code Error:
 * <message>} on standard error, with the stack trace when {@code BALLISTA_DEBUG} is set), 2 for an
 * invalid command line (with the usage message).
 */
public final class BallistaCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private final Function<SessionConfig, SessionContext> sessions;
  private final java.util.function.BiFunction<SessionConfig, String, SessionContext> remoteSessions;
  private final CliIo io;

  /**
   * @param sessions opens the session statements run in, given the settings from the command line
   *     (the CLI closes it)
   * @param io the streams, terminal and environment to use
   */
  public BallistaCli(Function<SessionConfig, SessionContext> sessions, CliIo io) {
    this(sessions, (config, address) -> SessionContext.remote(address, config), io);
  }

  /** @param remoteSessions opens a session on the scheduler at an address ({@code --scheduler host:port}) */
  public BallistaCli(Function<SessionConfig, SessionContext> sessions,
      java.util.function.BiFunction<SessionConfig, String, SessionContext> remoteSessions, CliIo io) {
    this.sessions = sessions;
    this.remoteSessions = remoteSessions;
    this.io = io;
  }

  public static void main(String[] args) {
    int status = new BallistaCli(SessionContext::local, CliIo.system()).run(args);
    System.exit(status);
  }

  /** Runs the command line {@code args}; returns the exit status. */
  public int run(String... args) {
    CliOptions options = new CliOptions();
    CommandLine commandLine = new CommandLine(options).setOverwrittenOptionsAllowed(true);
    SessionConfig config;
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        commandLine.usage(io.out());
        io.out().flush();
        return OK;
      }
      if (commandLine.isVersionHelpRequested()) {
        commandLine.printVersionHelp(io.out());
        io.out().flush();
        return OK;
      }
      config = sessionConfig(options, commandLine);
    } catch (ParameterException e) {
      io.err().println(e.getMessage());
      e.getCommandLine().usage(new PrintWriter(io.err(), true));
      return USAGE;
    }
    ErrorReporter errors = new ErrorReporter(io.err(), io.debug());
    OutputSettings output = OutputSettings.of(options.format, options.maxRows, options.quiet);
    SessionContext session;
    try {
      session = options.scheduler == null ? sessions.apply(config) : remoteSessions.apply(config, options.scheduler);
    } catch (RuntimeException e) {
      errors.report(e);
      return FAILED;
    }
    int status;
    Thread cancelOnExit = cancelOnExit(session);
    try {
      status = runWith(session, options.inputs, output, errors);
    } finally {
      removeShutdownHook(cancelOnExit);
      try {
        session.close();
      } catch (RuntimeException e) {
        errors.report(e);
        status = FAILED;
      }
    }
    io.out().flush();
    return status;
  }

  /**
   * A shutdown hook cancelling the session's running queries, so that a process ended by a signal
   * (Ctrl-C in {@code -c}/{@code -f} mode, SIGTERM) does not leave its job running on a cluster.
   */
  private static Thread cancelOnExit(SessionContext session) {
    Thread hook = new Thread(() -> {
      try {
        session.cancelRunningQueries();
      } catch (RuntimeException e) {
        // exiting anyway: a session that cannot cancel, or a scheduler gone
      }
    }, "ballista-cli-cancel-on-exit");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) {
      return null; // already shutting down
    }
    return hook;
  }

  private static void removeShutdownHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs (or ran) and the session is being abandoned anyway
    }
  }

  private int runWith(SessionContext session, List<CliOptions.Input> inputs, OutputSettings output,
      ErrorReporter errors) {
    if (!inputs.isEmpty()) {
      StatementExecutor executor = new StatementExecutor(session, output, false, io.out(), io.err());
      for (CliOptions.Input input : inputs) {
        List<String> statements;
        try {
          statements = StatementSplitter.splitScript(input.sql != null ? input.sql : readFile(input.file));
        } catch (BallistaException e) {
          errors.report(e);
          return FAILED;
        }
        for (String statement : statements) {
          if (!runOne(executor, statement, errors)) {
            return FAILED;
          }
        }
      }
      return OK;
    }
    if (io.terminal() != null) {
      return interactive(session, output, errors);
    }
    return runStream(new StatementExecutor(session, output, false, io.out(), io.err()), errors);
  }

  private int interactive(SessionContext session, OutputSettings output, ErrorReporter errors) {
    try (Terminal terminal = io.terminal().open()) {
      StatementExecutor executor = new StatementExecutor(session, output, true, io.out(), io.err());
      new InteractiveShell(terminal, io.historyFile(), session, executor, errors, io.out()).run();
      return OK;
    } catch (IOException e) {
      errors.report(new BallistaException(BallistaException.Kind.IO, "cannot open the terminal: " + e.getMessage(), e));
      return FAILED;
    }
  }

  /** Reads statements from standard input line by line, running each as soon as its ';' arrives. */
  private int runStream(StatementExecutor executor, ErrorReporter errors) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
    StringBuilder pending = new StringBuilder();
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        pending.append(line).append('\n');
        if (line.indexOf(';') < 0) {
          continue;
        }
        StatementSplitter.Split split = StatementSplitter.split(pending.toString());
        for (String statement : split.statements()) {
          if (!runOne(executor, statement, errors)) {
            return FAILED;
          }
        }
        pending = new StringBuilder(split.remainder());
      }
    } catch (IOException e) {
      errors.report(new BallistaException(BallistaException.Kind.IO, "cannot read standard input: " + e.getMessage(), e));
      return FAILED;
    }
    for (String statement : StatementSplitter.splitScript(pending.toString())) {
      if (!runOne(executor, statement, errors)) {
        return FAILED;
      }
    }
    return OK;
  }

  private static boolean runOne(StatementExecutor executor, String statement, ErrorReporter errors) {
    try {
      executor.execute(statement);
      return true;
    } catch (RuntimeException e) {
      errors.report(e);
      return false;
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "no such file: " + file);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static SessionConfig sessionConfig(CliOptions options, CommandLine commandLine) {
    SessionConfig config = SessionConfig.defaults();
    if (options.partitions != null) {
      if (options.partitions < 1) {
        throw new ParameterException(commandLine, "--partitions must be at least 1, got " + options.partitions);
      }
      config = config.withTargetPartitions(options.partitions);
    }
    if (options.batchSize != null) {
      if (options.batchSize < 1) {
        throw new ParameterException(commandLine, "--batch-size must be at least 1, got " + options.batchSize);
      }
      config = config.withBatchSize(options.batchSize);
    }
    return config;
  }
}
