package org.ballista.cli.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Option values not given as flags: first the environment ({@code PREFIX + OPTION}, e.g.
 * {@code BALLISTA_SCHEDULER_PORT} for {@code --port}), then an optional config file (Java
 * properties, keys as the long option names without dashes, e.g. {@code port=50050}), then the
 * option's built-in default. So the precedence is flags > environment > config file > default.
 */
final class LayeredDefaults implements CommandLine.IDefaultValueProvider {
  private final String envPrefix;
  private final Map<String, String> env;
  private final Properties file = new Properties();

  LayeredDefaults(String envPrefix, Map<String, String> env, Path configFile) {
    this.envPrefix = envPrefix;
    this.env = env;
    if (configFile != null) {
      try (Reader r = Files.newBufferedReader(configFile)) {
        file.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Parses {@code args} into {@code command} with these layered defaults and runs it; errors are
   * printed as one line ("Error: ...") with exit status 2 for bad settings and 1 for failures.
   */
  static int execute(Object command, String envPrefix, String[] args) {
    CommandLine cli = new CommandLine(command);
    try {
      cli.setDefaultValueProvider(new LayeredDefaults(envPrefix, System.getenv(), configFile(args, envPrefix, System.getenv())));
    } catch (IllegalArgumentException e) {
      System.err.println("Error: " + e.getMessage());
      return 2;
    }
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      System.err.println("Error: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  /** The config file named by {@code --config FILE} in args, or by the environment, or null. */
  static Path configFile(String[] args, String envPrefix, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnv = env.get(envPrefix + "CONFIG");
    return fromEnv == null ? null : Path.of(fromEnv);
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
    if (!argSpec.isOption()) {
      return null;
    }
    String name = ((CommandLine.Model.OptionSpec) argSpec).longestName().replaceFirst("^-+", "");
    String fromEnv = env.get(envPrefix + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (fromEnv != null) {
      return fromEnv;
    }
    return file.getProperty(name);
  }
}
