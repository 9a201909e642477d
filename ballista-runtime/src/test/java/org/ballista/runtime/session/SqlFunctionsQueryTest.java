package org.ballista.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.format.OutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The common dialect functions end to end (parse, validate, plan, execute) on small CSV tables.
 * Arguments come from columns so that the engine's kernels run, not Calcite's constant folding.
 */
class SqlFunctionsQueryTest {
  @TempDir
  static Path dir;
  static SessionContext ctx;

  @BeforeAll
  static void setUp() throws IOException {
    ctx = SessionContext.local(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(3));
    Path t = dir.resolve("t.csv");
    Files.writeString(t, """
        id,name,x,price,d
        1,Ann,1.5,10.00,2024-02-29
        2,Čaj€,-2.0,20.50,1996-12-01
        3,日本語,,,2000-01-01
        4,,4.0,7.25,
        """);
    ctx.sql("create external table t (id bigint, name varchar, x double, price decimal(10,2), d date) "
        + "stored as csv with header row location '" + t + "'");
    Path s = dir.resolve("s.csv");
    Files.writeString(s, """
        g,v,k
        a,1,1
        a,2,2
        b,5,5
        a,3,3
        a,,
        a,4,4
        """);
    ctx.sql("create external table s (g varchar, v double, k decimal(10,2)) stored as csv with header row location '" + s + "'");
  }

  @AfterAll
  static void tearDown() {
    ctx.close();
  }

  static String csv(String sql) {
    try (QueryResult r = ctx.sql(sql).collect()) {
      StringBuilder sb = new StringBuilder();
      OutputFormat.CSV.write(r, sb, -1);
      return sb.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void stringFunctions() {
    assertEquals("""
        id,l,c,lf,rt,lneg,lp,rp
        1,3,3,An,nn,A,**Ann,Ann  |
        2,4,4,Ča,j€,Ča,*Čaj€,Čaj€ |
        3,3,3,日本,本語,日,**日本語,日本語  |
        4,,,,,,,
        """, csv("select id, length(name) l, char_length(name) c, left(name, 2) lf, right(name, 2) rt, "
        + "left(name, -2) lneg, lpad(name, 5, '*') lp, rpad(name, 5) || '|' rp from t order by id"));
    assertEquals("""
        id,rep,rev,sw,ew,cws,cc,il
        1,ANN,nnA,false,false,Ann|1.5|10.00,Ann!,true
        2,Čaj€,€jaČ,true,false,Čaj€|-2.0|20.50,Čaj€!,false
        3,日本語,語本日,false,true,日本語,日本語!,false
        4,,,,,4.0|7.25,!,
        """, csv("select id, replace(name, 'n', 'N') rep, reverse(name) rev, starts_with(name, 'Č') sw, "
        + "ends_with(name, '語') ew, concat_ws('|', name, x, price) cws, concat(name, '!') cc, name ilike 'aN%' il "
        + "from t order by id"));
  }

  @Test
  void greatestAndLeastIgnoreNulls() {
    assertEquals("""
        id,g,l,gs,ld
        1,10.0,1.0,B,2000-01-01
        2,20.5,-2.0,Čaj€,1996-12-01
        3,,3.0,日本語,2000-01-01
        4,7.25,4.0,B,2000-01-01
        """, csv("select id, greatest(x, price) g, least(id, x) l, greatest(name, 'B') gs, "
        + "least(d, date '2000-01-01') ld from t order by id"));
  }

  @Test
  void currentDateIsTodayInUtc() {
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String out = csv("select current_date as today, current_date - interval '1' day < current_date as before from t "
        + "where id = 1");
    assertEquals("today,before\n" + today + ",true\n", out);
  }

  @Test
  void dateTruncation() {
    assertEquals("""
        id,y,q,m,w,dd,fm
        1,2024-01-01,2024-01-01,2024-02-01,2024-02-26,2024-02-29,2024-02-01
        2,1996-01-01,1996-10-01,1996-12-01,1996-11-25,1996-12-01,1996-12-01
        3,2000-01-01,2000-01-01,2000-01-01,1999-12-27,2000-01-01,2000-01-01
        4,,,,,,
        """, csv("select id, date_trunc('year', d) y, date_trunc('quarter', d) q, date_trunc('month', d) m, "
        + "date_trunc('week', d) w, date_trunc('day', d) dd, floor(d to month) fm from t order by id"));
  }

  @Test
  void numericFunctions() {
    assertEquals("""
        id,sg,tr,tr0,l10,l2,lg
        1,1.0,10.00,1.0,1.0,3.322,2.0
        2,-1.0,20.50,-2.0,1.312,4.358,3.0
        3,,,,,,3.585
        4,1.0,7.20,4.0,0.86,2.858,4.0
        """, csv("select id, sign(x) sg, trunc(price, 1) tr, truncate(x) tr0, round(log10(price), 3) l10, "
        + "round(log(2, price), 3) l2, round(log(2, id * 4), 3) lg from t order by id"));
  }

  @Test
  void varianceAndStandardDeviation() {
    // group a: 1, 2, 3, 4 (and a NULL): mean 2.5, squared deviations sum to 5
    // population variance 5/4 = 1.25, sample 5/3; group b has one row: sample variants NULL.
    // Of a DECIMAL(10,2) column the result keeps the column's type (Calcite's AVG typing).
    assertEquals("""
        g,vp,vs,v,sp,ss,sd,kp,ks
        a,1.25,1.666667,1.666667,1.118034,1.290994,1.290994,1.12,1.29
        b,0.0,,,0.0,,,0.00,
        """, csv("select g, round(var_pop(v), 6) vp, round(var_samp(v), 6) vs, round(variance(v), 6) v, "
        + "round(stddev_pop(v), 6) sp, round(stddev_samp(v), 6) ss, round(stddev(v), 6) sd, "
        + "stddev_pop(k) kp, stddev(k) ks from s group by g order by g"));
    assertEquals("n,a,s\n5,3.00,15.0\n", csv("select count(v) n, avg(k) a, sum(v) s from s"));
  }

  @Test
  void stringAggIsReportedUnsupported() {
    BallistaException e = assertThrows(BallistaException.class, () -> csv("select string_agg(name, ',') from t"));
    assertTrue(e.getMessage().contains("not supported"), e.getMessage());
  }
}
