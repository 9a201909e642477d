package org.ballista.planner.calcite;

import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptTable;
import org.ballista.api.BallistaException;
import org.ballista.planner.catalog.Catalog;
import org.ballista.planner.catalog.TableDefinition;

/** Builds the Calcite root schema of a query from the session's catalog. */
public final class CalciteCatalog {
  private CalciteCatalog() {}

  public static CalciteSchema rootSchema(Catalog catalog) {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    CatalogSchema schema = new CatalogSchema(catalog);
    for (String name : catalog.tableNames()) {
      root.add(name, schema.getTableMap().get(name));
    }
    return root;
  }

  public static TableDefinition definitionOf(RelOptTable table) {
    CatalogSchema.CatalogTable t = table.unwrap(CatalogSchema.CatalogTable.class);
    if (t == null) {
      throw BallistaException.internal("table " + table.getQualifiedName() + " is not a catalog table", null);
    }
    return t.definition();
  }
}
