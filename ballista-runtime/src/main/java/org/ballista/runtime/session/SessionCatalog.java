package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.ballista.api.BallistaException;
import org.ballista.planner.catalog.Catalog;
import org.ballista.planner.catalog.TableDefinition;

/** The tables of one session; names are case-insensitive. Thread-safe. */
public final class SessionCatalog implements Catalog {
  private final ConcurrentSkipListMap<String, TableDefinition> tables = new ConcurrentSkipListMap<>();

  public static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public void register(TableDefinition table, boolean replace) {
    String key = normalize(table.name());
    if (!replace && tables.containsKey(key)) {
      throw new BallistaException(BallistaException.Kind.PLANNING, "table " + key + " already exists");
    }
    tables.put(key, table);
  }

  public Optional<TableDefinition> remove(String name) {
    return Optional.ofNullable(tables.remove(normalize(name)));
  }

  @Override
  public Optional<TableDefinition> table(String name) {
    return Optional.ofNullable(tables.get(normalize(name)));
  }

  @Override
  public List<String> tableNames() {
    return new ArrayList<>(tables.keySet());
  }
}
