package org.ballista.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ballista.api.plan.TableSource;
import org.ballista.planner.catalog.Catalog;
import org.ballista.planner.catalog.ColumnStatistics;
import org.ballista.planner.catalog.TableDefinition;
import org.ballista.planner.sql.Statement;
import org.ballista.planner.sql.StatementParser;

/** The TPC-H tables at scale 1, with row counts, for planner tests (no data). */
final class TpchCatalog implements Catalog {
  private final Map<String, TableDefinition> tables = new TreeMap<>();

  TpchCatalog() {
    add("region", 5, "r_regionkey bigint not null, r_name varchar not null, r_comment varchar not null");
    add("nation", 25, "n_nationkey bigint not null, n_name varchar not null, n_regionkey bigint not null, n_comment varchar not null");
    add("supplier", 10_000, "s_suppkey bigint not null, s_name varchar not null, s_address varchar not null, s_nationkey bigint not null, "
        + "s_phone varchar not null, s_acctbal decimal(15,2) not null, s_comment varchar not null");
    add("customer", 150_000, "c_custkey bigint not null, c_name varchar not null, c_address varchar not null, c_nationkey bigint not null, "
        + "c_phone varchar not null, c_acctbal decimal(15,2) not null, c_mktsegment varchar not null, c_comment varchar not null");
    add("part", 200_000, "p_partkey bigint not null, p_name varchar not null, p_mfgr varchar not null, p_brand varchar not null, "
        + "p_type varchar not null, p_size integer not null, p_container varchar not null, p_retailprice decimal(15,2) not null, "
        + "p_comment varchar not null");
    add("partsupp", 800_000, "ps_partkey bigint not null, ps_suppkey bigint not null, ps_availqty integer not null, "
        + "ps_supplycost decimal(15,2) not null, ps_comment varchar not null");
    add("orders", 1_500_000, "o_orderkey bigint not null, o_custkey bigint not null, o_orderstatus varchar not null, "
        + "o_totalprice decimal(15,2) not null, o_orderdate date not null, o_orderpriority varchar not null, o_clerk varchar not null, "
        + "o_shippriority integer not null, o_comment varchar not null");
    add("lineitem", 6_001_215, "l_orderkey bigint not null, l_partkey bigint not null, l_suppkey bigint not null, "
        + "l_linenumber integer not null, l_quantity decimal(15,2) not null, l_extendedprice decimal(15,2) not null, "
        + "l_discount decimal(15,2) not null, l_tax decimal(15,2) not null, l_returnflag varchar not null, "
        + "l_linestatus varchar not null, l_shipdate date not null, l_commitdate date not null, l_receiptdate date not null, "
        + "l_shipinstruct varchar not null, l_shipmode varchar not null, l_comment varchar not null");
  }

  private void add(String name, double rows, String columns) {
    Statement.CreateExternalTable ddl = (Statement.CreateExternalTable) StatementParser.parse(
        "create external table " + name + " (" + columns + ") stored as parquet location '/nowhere'");
    List<ColumnStatistics> stats = new ArrayList<>();
    for (var field : ddl.columns().getFields()) {
      stats.add(statistics(name, field.getName(), rows));
    }
    tables.put(name, new TableDefinition(name, new TableSource.Parquet(List.of("/nowhere/" + name), ddl.columns()), rows, stats));
  }

  /** What sampling finds at scale 1: primary keys unique, foreign keys with their referenced table's size. */
  private static ColumnStatistics statistics(String table, String column, double rows) {
    return switch (column) {
      case "r_regionkey", "n_nationkey", "s_suppkey", "c_custkey", "p_partkey", "o_orderkey" -> new ColumnStatistics(rows, true);
      case "n_regionkey" -> new ColumnStatistics(5, false);
      case "s_nationkey", "c_nationkey" -> new ColumnStatistics(25, false);
      case "ps_partkey", "l_partkey" -> new ColumnStatistics(200_000, false);
      case "ps_suppkey", "l_suppkey" -> new ColumnStatistics(10_000, false);
      case "o_custkey" -> new ColumnStatistics(100_000, false);
      case "l_orderkey" -> new ColumnStatistics(1_500_000, false);
      default -> new ColumnStatistics(Math.min(rows, 1000), false);
    };
  }

  @Override
  public Optional<TableDefinition> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  @Override
  public List<String> tableNames() {
    return new ArrayList<>(tables.keySet());
  }
}
