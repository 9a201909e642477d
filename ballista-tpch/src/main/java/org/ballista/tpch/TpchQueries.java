package org.ballista.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;

/** The 22 TPC-H queries bundled as classpath resources {@code tpch/queries/qNN.sql}. */
public final class TpchQueries {
  public static final int COUNT = 22;

  private TpchQueries() {}

  /** One query: its number (1..22) and SQL text (a single statement, no trailing semicolon). */
  public record TpchQuery(int number, String sql) {
    /** {@code q01} … {@code q22}. */
    public String name() {
      return TpchQueries.name(number);
    }
  }

  /** {@code q01} … {@code q22}. */
  public static String name(int number) {
    return String.format("q%02d", number);
  }

  /** The text of query {@code number}; NOT_FOUND unless 1 ≤ number ≤ 22. */
  public static String sql(int number) {
    if (number < 1 || number > COUNT) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND,
          "no TPC-H query " + number + ": queries are numbered 1 to " + COUNT);
    }
    String resource = "tpch/queries/" + name(number) + ".sql";
    try (InputStream in = TpchQueries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new BallistaException(BallistaException.Kind.NOT_FOUND, "missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read " + resource + ": " + e, e);
    }
  }

  public static TpchQuery query(int number) {
    return new TpchQuery(number, sql(number));
  }

  /** All 22 queries in order. */
  public static List<TpchQuery> all() {
    List<TpchQuery> queries = new ArrayList<>(COUNT);
    for (int n = 1; n <= COUNT; n++) {
      queries.add(query(n));
    }
    return List.copyOf(queries);
  }
}
