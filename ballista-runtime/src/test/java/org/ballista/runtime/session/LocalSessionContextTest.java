package org.ballista.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.Expression;
import org.ballista.api.WindowSpec;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.format.OutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: SQL through the planner and the operators, on small CSV tables. */
class LocalSessionContextTest {
  @TempDir
  static Path dir;
  static SessionContext ctx;

  @BeforeAll
  static void setUp() throws IOException {
    ctx = SessionContext.local(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(4));
    Path emp = dir.resolve("emp.csv");
    Files.writeString(emp, """
        id,name,dept,salary,hired
        1,Ann,10,1000.50,2020-01-15
        2,Bob,10,1500.00,2019-03-01
        3,Cid,20,900.25,2021-07-30
        4,Dee,,1200.00,2018-11-11
        5,Eve,20,,2022-02-02
        """);
    Path dept = dir.resolve("dept.csv");
    Files.writeString(dept, """
        dept,dname
        10,Sales
        20,Research
        30,Empty
        """);
    ctx.sql("create external table emp (id bigint, name varchar, dept int, salary decimal(10,2), hired date) "
        + "stored as csv with header row location '" + emp + "'");
    ctx.sql("create external table dept stored as csv location '" + dept + "'");
  }

  @AfterAll
  static void tearDown() {
    ctx.close();
  }

  static String csv(DataFrame df) throws IOException {
    try (QueryResult r = df.collect()) {
      StringBuilder sb = new StringBuilder();
      OutputFormat.CSV.write(r, sb, -1);
      return sb.toString();
    }
  }

  @Test
  void aPlannedQueryRunsDirectlyAndAfterSerialization() throws IOException {
    LocalSessionContext local = (LocalSessionContext) ctx;
    String sql = "select d.dname, count(*) as n, sum(e.salary) as total from emp e join dept d on e.dept = d.dept "
        + "where e.hired >= date '2019-01-01' group by d.dname order by d.dname";
    org.ballista.api.plan.PlanNode plan = local.plan(sql);
    org.ballista.api.plan.PlanNode decoded =
        org.ballista.api.serde.PlanSerde.deserialize(org.ballista.api.serde.PlanSerde.serialize(plan));
    String want = "dname,n,total\nResearch,2,900.25\nSales,2,2500.50\n";
    assertEquals(want, csv(ctx.sql(sql)));
    for (org.ballista.api.plan.PlanNode p : List.of(plan, decoded)) {
      try (QueryResult r = local.execute(p)) {
        StringBuilder sb = new StringBuilder();
        OutputFormat.CSV.write(r, sb, -1);
        assertEquals(want, sb.toString());
      }
    }
    BallistaException e = assertThrows(BallistaException.class, () -> local.plan("show tables"));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
  }

  @Test
  void filterProjectSort() throws IOException {
    assertEquals("name,double_salary\nBob,3000.00\nDee,2400.00\nAnn,2001.00\n",
        csv(ctx.sql("select name, salary * 2 as double_salary from emp where salary > 1000 order by salary desc")));
  }

  @Test
  void groupByWithNullsAndJoin() throws IOException {
    assertEquals("dname,n,total\nResearch,2,900.25\nSales,2,2500.50\n",
        csv(ctx.sql("select d.dname, count(*) as n, sum(e.salary) as total from emp e join dept d on e.dept = d.dept "
            + "group by d.dname order by d.dname")));
    assertEquals("dept,n\n10,2\n20,2\n,1\n", csv(ctx.sql("select dept, count(*) as n from emp group by dept order by dept nulls last")));
  }

  @Test
  void outerSemiAntiJoins() throws IOException {
    assertEquals("dname,n\nEmpty,0\nResearch,2\nSales,2\n",
        csv(ctx.sql("select d.dname, count(e.id) as n from dept d left join emp e on e.dept = d.dept group by d.dname order by 1")));
    assertEquals("dname\nEmpty\n",
        csv(ctx.sql("select dname from dept d where not exists (select * from emp e where e.dept = d.dept)")));
    assertEquals("dname\nResearch\nSales\n",
        csv(ctx.sql("select dname from dept d where d.dept in (select dept from emp) order by dname")));
    // NOT IN with a NULL in the subquery: no rows
    assertEquals("dname\n", csv(ctx.sql("select dname from dept where dept not in (select dept from emp)")));
  }

  @Test
  void scalarSubqueryLimitDistinctUnion() throws IOException {
    assertEquals("name\nBob\nDee\n",
        csv(ctx.sql("select name from emp where salary > (select avg(salary) from emp) order by name")));
    assertEquals("dept\n10\n20\n", csv(ctx.sql("select distinct dept from emp where dept is not null order by dept limit 5")));
    assertEquals("x\n1\n2\n2\n", csv(ctx.sql("select 1 as x union all select 2 union all select 2 order by x")));
    assertEquals("id\n3\n4\n", csv(ctx.sql("select id from emp order by id limit 2 offset 2")));
  }

  @Test
  void expressions() throws IOException {
    assertEquals("y,m,s,c,l\n2020,1,An,ANN-10,true\n",
        csv(ctx.sql("select extract(year from hired) as y, extract(month from hired) as m, substring(name from 1 for 2) as s, "
            + "upper(name) || '-' || cast(dept as varchar) as c, name like 'A%' as l from emp where id = 1")));
    assertEquals("d\n2020-02-15\n", csv(ctx.sql("select hired + interval '1' month as d from emp where id = 1")));
    assertEquals("c\nhigh\nlow\n", csv(ctx.sql("select case when salary >= 1200 then 'high' else 'low' end as c from emp where id in (2, 3) order by id")));
  }

  @Test
  void dataFrameApi() throws IOException {
    DataFrame df = ctx.table("emp")
        .filter(Expression.col("dept").isNotNull())
        .aggregate(List.of(Expression.col("dept")), List.of(Expression.max(Expression.col("salary")).as("top")))
        .sort(Expression.col("dept").desc());
    assertEquals("dept,top\n20,900.25\n10,1500.00\n", csv(df));
  }

  @Test
  void dataFrameWindowFunctions() throws IOException {
    WindowSpec byDeptSalary = WindowSpec.partitionBy(Expression.col("dept")).orderBy(Expression.col("salary").desc());
    WindowSpec byDeptId = WindowSpec.partitionBy(Expression.col("dept")).orderBy(Expression.col("id").asc())
        .rowsBetween(WindowSpec.UNBOUNDED_PRECEDING, WindowSpec.CURRENT_ROW);
    DataFrame df = ctx.table("emp")
        .filter(Expression.col("dept").isNotNull())
        .select(Expression.col("name"),
            Expression.rowNumber().over(byDeptSalary).as("n"),
            Expression.sum(Expression.col("salary")).over(byDeptId).as("running"),
            Expression.lag(Expression.col("name"), 1, Expression.lit("-"))
                .over(WindowSpec.orderedBy(Expression.col("id").asc())).as("before"))
        .sort(Expression.col("name").asc());
    // DESC puts NULL salaries first (SQL: NULLs are larger than any value); Dee has no dept
    assertEquals("name,n,running,before\n"
        + "Ann,2,1000.50,-\n"
        + "Bob,1,2500.50,Ann\n"
        + "Cid,2,900.25,Bob\n"
        + "Eve,1,900.25,Cid\n", csv(df));
  }

  @Test
  void commands() throws IOException {
    String tables = csv(ctx.sql("show tables"));
    assertTrue(tables.startsWith("table_name\n") && tables.contains("\ndept\nemp\n"), tables);
    String describe = csv(ctx.sql("describe emp"));
    assertTrue(describe.contains("salary,\"DECIMAL(10,2)\",YES"), describe);
    String explain = csv(ctx.sql("explain select dept, count(*) from emp group by dept"));
    assertTrue(explain.contains("Scan: emp") && explain.contains("== Distributed stages ==")
        && explain.contains("Aggregate(PARTIAL)") && explain.contains("ShuffleRead: stage=1"), explain);
  }

  @Test
  void badFilesGiveClearErrors() throws IOException {
    Path corrupt = dir.resolve("corrupt.parquet");
    Files.write(corrupt, new byte[] {'P', 'A', 'R', '1', 1, 2, 3, 4, 5, 6, 7, 8, 'P', 'A', 'R', '1'});
    BallistaException parquet = assertThrows(BallistaException.class,
        () -> ctx.sql("create external table broken stored as parquet location '" + corrupt + "'"));
    assertTrue(parquet.getMessage().contains("corrupt.parquet"), parquet.getMessage());

    Path badCsv = dir.resolve("bad.csv");
    Files.writeString(badCsv, "a,b\n1,2\n3,x\n");
    ctx.sql("create external table badcsv (a int, b int) stored as csv location '" + badCsv + "'");
    BallistaException csv = assertThrows(BallistaException.class, () -> ctx.sql("select sum(b) from badcsv").collect().close());
    assertTrue(csv.getMessage().contains("bad.csv") && csv.getMessage().contains("line 3") && csv.getMessage().contains("'x'"),
        csv.getMessage());
    // the session keeps working after errors
    assertEquals("n\n5\n", csv(ctx.sql("select count(*) as n from emp")));
  }

  @Test
  void errorsNameTheProblem() {
    BallistaException zero = assertThrows(BallistaException.class, () -> ctx.sql("select salary / 0 from emp").collect().close());
    assertTrue(zero.getMessage().contains("division by zero"), zero.getMessage());
    BallistaException missing = assertThrows(BallistaException.class,
        () -> ctx.sql("create external table x stored as parquet location '/no/such/file.parquet'"));
    assertEquals(BallistaException.Kind.NOT_FOUND, missing.kind());
    BallistaException table = assertThrows(BallistaException.class, () -> ctx.sql("select * from nosuch"));
    assertTrue(table.getMessage().contains("nosuch"));
  }
}
