package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window functions and GROUPING SETS / ROLLUP / CUBE on TPC-H SF 0.01 data, each checked against
 * the same result written without them (self-joins, plain aggregates, UNION ALL), in one process
 * and on a LocalCluster of two executors.
 */
class AnalyticQueriesTest {
  @TempDir
  static Path data;
  static SessionContext local;
  static LocalCluster cluster;
  static SessionContext remote;

  @BeforeAll
  static void setUp() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.01, 25_000, 2, 8_192).generate(data, allocator);
    }
    SessionConfig config = SessionConfig.defaults().withTargetPartitions(2).withBatchSize(4096);
    local = SessionContext.local(config);
    TpchBenchmark.registerTables(local, data);
    cluster = LocalCluster.builder().executors(2).config(config).build();
    remote = cluster.session();
    TpchBenchmark.registerTables(remote, data);
  }

  @AfterAll
  static void tearDown() {
    try {
      if (local != null) {
        local.close();
      }
      if (remote != null) {
        remote.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("row_number per customer",
            "select o_custkey, o_orderkey, row_number() over (partition by o_custkey order by o_orderkey) from orders",
            "select a.o_custkey, a.o_orderkey, count(*) from orders a join orders b on a.o_custkey = b.o_custkey "
                + "and b.o_orderkey <= a.o_orderkey group by a.o_custkey, a.o_orderkey"),
        Arguments.of("running sum (RANGE, default frame)",
            "select o_custkey, o_orderkey, sum(o_totalprice) over (partition by o_custkey order by o_orderkey) from orders",
            "select a.o_custkey, a.o_orderkey, sum(b.o_totalprice) from orders a join orders b on a.o_custkey = b.o_custkey "
                + "and b.o_orderkey <= a.o_orderkey group by a.o_custkey, a.o_orderkey"),
        Arguments.of("rank and dense_rank with ties",
            "select o_custkey, o_orderkey, rank() over (partition by o_custkey order by o_orderpriority), "
                + "dense_rank() over (partition by o_custkey order by o_orderpriority) from orders",
            "select a.o_custkey, a.o_orderkey, "
                + "1 + (select count(*) from orders b where b.o_custkey = a.o_custkey and b.o_orderpriority < a.o_orderpriority), "
                + "(select count(distinct b.o_orderpriority) from orders b where b.o_custkey = a.o_custkey "
                + "and b.o_orderpriority <= a.o_orderpriority) from orders a"),
        Arguments.of("peers in a RANGE frame",
            "select o_custkey, o_orderkey, count(*) over (partition by o_custkey order by o_orderpriority) from orders",
            "select a.o_custkey, a.o_orderkey, count(*) from orders a join orders b on a.o_custkey = b.o_custkey "
                + "and b.o_orderpriority <= a.o_orderpriority group by a.o_custkey, a.o_orderkey"),
        Arguments.of("whole partition aggregates",
            "select o_custkey, o_orderkey, count(*) over (partition by o_custkey), max(o_totalprice) over "
                + "(partition by o_custkey), min(o_orderdate) over (partition by o_custkey) from orders",
            "select a.o_custkey, a.o_orderkey, c.n, c.mx, c.mn from orders a join (select o_custkey, count(*) n, "
                + "max(o_totalprice) mx, min(o_orderdate) mn from orders group by o_custkey) c on a.o_custkey = c.o_custkey"),
        Arguments.of("sliding ROWS frame",
            "select o_custkey, o_orderkey, sum(o_totalprice) over (partition by o_custkey order by o_orderkey "
                + "rows between 1 preceding and 1 following) from orders",
            "with r as (select a.o_custkey, a.o_orderkey, a.o_totalprice, count(*) rn from orders a join orders b "
                + "on a.o_custkey = b.o_custkey and b.o_orderkey <= a.o_orderkey group by a.o_custkey, a.o_orderkey, "
                + "a.o_totalprice) select x.o_custkey, x.o_orderkey, sum(y.o_totalprice) from r x join r y "
                + "on x.o_custkey = y.o_custkey and y.rn between x.rn - 1 and x.rn + 1 group by x.o_custkey, x.o_orderkey"),
        Arguments.of("lag and lead",
            "select o_custkey, o_orderkey, lag(o_orderkey) over (partition by o_custkey order by o_orderkey), "
                + "lead(o_orderkey, 1, -1) over (partition by o_custkey order by o_orderkey) from orders",
            "select a.o_custkey, a.o_orderkey, (select max(b.o_orderkey) from orders b where b.o_custkey = a.o_custkey "
                + "and b.o_orderkey < a.o_orderkey), coalesce((select min(b.o_orderkey) from orders b where "
                + "b.o_custkey = a.o_custkey and b.o_orderkey > a.o_orderkey), -1) from orders a"),
        Arguments.of("top 2 suppliers per nation by balance (a window over an aggregate, filtered)",
            "select n_name, s_name from (select n_name, s_name, rank() over (partition by n_name order by "
                + "s_acctbal desc) as r from supplier join nation on s_nationkey = n_nationkey) where r <= 2",
            "select n_name, s_name from supplier a join nation on a.s_nationkey = n_nationkey where 2 > (select count(*) "
                + "from supplier b where b.s_nationkey = a.s_nationkey and b.s_acctbal > a.s_acctbal)"),
        Arguments.of("rollup with grouping()",
            "select l_returnflag, l_linestatus, sum(l_quantity), count(*), grouping(l_returnflag, l_linestatus) "
                + "from lineitem group by rollup(l_returnflag, l_linestatus)",
            "select l_returnflag, l_linestatus, sum(l_quantity), count(*), 0 from lineitem group by l_returnflag, "
                + "l_linestatus union all select l_returnflag, null, sum(l_quantity), count(*), 1 from lineitem "
                + "group by l_returnflag union all select null, null, sum(l_quantity), count(*), 3 from lineitem"),
        Arguments.of("cube",
            "select o_orderstatus, o_orderpriority, count(*), max(o_totalprice) from orders "
                + "group by cube(o_orderstatus, o_orderpriority)",
            "select o_orderstatus, o_orderpriority, count(*), max(o_totalprice) from orders group by o_orderstatus, "
                + "o_orderpriority union all select o_orderstatus, null, count(*), max(o_totalprice) from orders "
                + "group by o_orderstatus union all select null, o_orderpriority, count(*), max(o_totalprice) "
                + "from orders group by o_orderpriority union all select null, null, count(*), max(o_totalprice) "
                + "from orders"),
        Arguments.of("grouping sets with a window over them",
            "select n_regionkey, n_name, count(*), rank() over (order by count(*) desc, n_regionkey, n_name) from "
                + "nation join supplier on s_nationkey = n_nationkey group by grouping sets ((n_regionkey), (n_name))",
            "with g as (select n_regionkey, cast(null as varchar) as n_name, count(*) as c from nation join supplier "
                + "on s_nationkey = n_nationkey group by n_regionkey union all select null, n_name, count(*) from "
                + "nation join supplier on s_nationkey = n_nationkey group by n_name) select a.n_regionkey, a.n_name, "
                + "a.c, (select count(*) from g b where b.c > a.c or (b.c = a.c and (coalesce(b.n_regionkey, 99) < "
                + "coalesce(a.n_regionkey, 99) or (coalesce(b.n_regionkey, 99) = coalesce(a.n_regionkey, 99) and "
                + "coalesce(b.n_name, '~') < coalesce(a.n_name, '~'))))) + 1 from g a"),
        Arguments.of("ntile and row_number over the whole table",
            "select n_nationkey, ntile(4) over (order by n_nationkey), row_number() over (order by n_nationkey desc) "
                + "from nation",
            "select n_nationkey, case when n_nationkey < 7 then 1 when n_nationkey < 13 then 2 when n_nationkey < 19 "
                + "then 3 else 4 end, 25 - n_nationkey from nation"));
  }

  private static List<String> rows(SessionContext ctx, String sql) {
    try (QueryResult r = ctx.sql(sql).collect()) {
      List<String> lines = new ArrayList<>(Arrays.asList(ResultFormatter.toCsv(r).split("\n")));
      lines.remove(0); // header: names differ between the two formulations
      lines.sort(null);
      return lines;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void windowMatchesItsFormulationWithoutWindows(String name, String window, String oracle) {
    List<String> expected = rows(local, oracle);
    assertTrue(expected.size() > 1, name + ": the oracle returns rows");
    assertEquals(expected, rows(local, window), name + " in one process");
    assertEquals(expected, rows(remote, window), name + " on a cluster");
  }
}
