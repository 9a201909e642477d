package org.ballista.tpch;

/** Entry point of {@code bin/ballista-tpch}: see {@link TpchCommand}. */
public final class TpchMain {
  private TpchMain() {}

  public static void main(String[] args) {
    System.exit(TpchCommand.commandLine(EngineOptions.DEFAULT).execute(args));
  }
}
