package org.ballista.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings of the scheduler and executor processes: flags > environment > config file > defaults. */
class ServerSettingsTest {
  @TempDir
  Path dir;

  private ExecutorMain parse(Map<String, String> env, Path config, String... args) {
    ExecutorMain main = new ExecutorMain();
    CommandLine cli = new CommandLine(main);
    cli.setDefaultValueProvider(new LayeredDefaults(ExecutorMain.ENV_PREFIX, env, config));
    cli.parseArgs(args);
    return main;
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws IOException {
    Path config = dir.resolve("executor.properties");
    Files.writeString(config, "concurrent-tasks=3\nscheduler-port=6000\nscheduler-host=from-file\n");
    Map<String, String> env = Map.of("BALLISTA_EXECUTOR_SCHEDULER_PORT", "7000", "BALLISTA_EXECUTOR_CONCURRENT_TASKS", "5");
    ExecutorMain main = parse(env, config, "--concurrent-tasks", "8");
    assertEquals(8, main.concurrentTasks, "flag");
    assertEquals(7000, main.schedulerPort, "environment");
    assertEquals("from-file", main.schedulerHost, "config file");
    assertEquals(50051, main.port, "default");
  }

  @Test
  void defaultsApplyWithoutEnvironmentOrFile() {
    ExecutorMain main = parse(Map.of(), null);
    assertEquals(2, main.concurrentTasks);
    assertEquals("localhost", main.schedulerHost);
    assertEquals(50050, main.schedulerPort);
  }

  @Test
  void helpListsEveryOption() {
    for (Object command : new Object[] {new SchedulerMain(), new ExecutorMain()}) {
      StringWriter out = new StringWriter();
      new CommandLine(command).usage(new PrintWriter(out));
      String help = out.toString();
      for (String option : new CommandLine(command).getCommandSpec().options().stream()
          .map(CommandLine.Model.OptionSpec::longestName).toList()) {
        assertTrue(help.contains(option), option + " in\n" + help);
      }
    }
    assertTrue(LayeredDefaults.configFile(new String[] {"--config", "x.properties"}, "P_", Map.of()).endsWith("x.properties"));
  }

  @Test
  void badValuesAreUsageErrors() {
    assertEquals(2, SchedulerMain.run(new String[] {"--port", "not-a-number"}));
    assertEquals(2, ExecutorMain.run(new String[] {"--config", dir.resolve("missing.properties").toString()}));
  }
}
