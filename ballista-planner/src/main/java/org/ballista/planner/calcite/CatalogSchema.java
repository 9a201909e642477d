package org.ballista.planner.calcite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;
import org.ballista.planner.catalog.Catalog;
import org.ballista.planner.catalog.TableDefinition;

/** Exposes a {@link Catalog} to Calcite's validator as a schema of plain (non-executable) tables. */
final class CatalogSchema extends AbstractSchema {
  private final Map<String, Table> tables = new HashMap<>();

  CatalogSchema(Catalog catalog) {
    for (String name : catalog.tableNames()) {
      catalog.table(name).ifPresent(def -> tables.put(name, new CatalogTable(def)));
    }
  }

  @Override
  public Map<String, Table> getTableMap() {
    return tables;
  }

  /** A table Calcite can validate and plan over, but never execute. */
  static final class CatalogTable extends AbstractTable {
    private final TableDefinition definition;

    CatalogTable(TableDefinition definition) {
      this.definition = definition;
    }

    TableDefinition definition() {
      return definition;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return TypeMapping.toRowType(definition.schema(), typeFactory);
    }

    @Override
    public Statistic getStatistic() {
      double rows = definition.rowCount();
      if (rows < 0) {
        return Statistics.UNKNOWN;
      }
      List<ImmutableBitSet> keys = new java.util.ArrayList<>();
      for (int i = 0; i < definition.columns().size(); i++) {
        if (definition.column(i).unique()) {
          keys.add(ImmutableBitSet.of(i));
        }
      }
      return Statistics.of(rows, keys);
    }
  }
}
