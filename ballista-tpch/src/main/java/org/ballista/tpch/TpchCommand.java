package org.ballista.tpch;

import java.util.concurrent.Callable;
import java.util.function.Function;
import org.ballista.api.BallistaException;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ballista-tpch} command: {@code gen} writes TPC-H data as Parquet, {@code bench} runs
 * the queries (optionally checking answers), {@code demo} does both at a small scale, {@code load}
 * runs them from several concurrent clients for a while. Without a subcommand it runs {@code demo}.
 *
 * <p>Exit codes: 0 success; 1 a query failed or mismatched, or an error (printed as one line,
 * without a stack trace unless {@code -Dballista.debug=true}); 2 bad command-line arguments.
 */
@Command(name = "ballista-tpch", mixinStandardHelpOptions = true, version = "ballista-tpch 0.1.0",
    description = "TPC-H data generation and benchmark for Ballista. Without a subcommand: demo.",
    subcommands = CommandLine.HelpCommand.class)
public final class TpchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /**
   * The command line with its subcommands.
   *
   * @param sessions makes the sessions {@code bench}, {@code demo} and {@code load} run in (normally {@link
   *     SessionContext#local(SessionConfig)})
   */
  public static CommandLine commandLine(Function<SessionConfig, SessionContext> sessions) {
    CommandLine cl = new CommandLine(new TpchCommand());
    cl.addSubcommand("gen", new GenCommand());
    cl.addSubcommand("bench", new BenchCommand(sessions));
    cl.addSubcommand("demo", new DemoCommand(sessions));
    cl.addSubcommand("load", new LoadCommand(sessions));
    cl.setExecutionExceptionHandler(TpchCommand::handle);
    return cl;
  }

  @Override
  public Integer call() {
    return spec.commandLine().getSubcommands().get("demo").execute();
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    if (Boolean.getBoolean("ballista.debug")) {
      e.printStackTrace(cl.getErr());
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!(e instanceof BallistaException) && !(e instanceof IllegalArgumentException)) {
      message = e.getClass().getSimpleName() + ": " + message;
    }
    cl.getErr().println("error: " + message);
    cl.getErr().flush();
    return 1;
  }
}
