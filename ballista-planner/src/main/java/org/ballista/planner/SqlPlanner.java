package org.ballista.planner;

import java.util.List;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.DataContexts;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.planner.calcite.BallistaOperators;
import org.ballista.planner.calcite.BallistaTypeSystem;
import org.ballista.planner.calcite.CalciteCatalog;
import org.ballista.planner.calcite.Optimizer;
import org.ballista.planner.calcite.StatisticsMetadata;
import org.ballista.planner.catalog.Catalog;
import org.ballista.planner.lower.RelToPlan;

/**
 * SQL text → validated, optimized Calcite plan → the engine's {@link PlanNode} tree. Calcite
 * parses, validates and optimizes; nothing here executes a query. Thread-safe: each call builds
 * its own Calcite state.
 */
public final class SqlPlanner {
  private final Optimizer optimizer;

  @jakarta.inject.Inject
  public SqlPlanner(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  public SqlPlanner() {
    this(new Optimizer());
  }

  /** Plans one query (SELECT, WITH, VALUES, set operations). */
  public PlannedQuery plan(String sql, Catalog catalog) {
    // character strings are UTF-8 (Calcite's default, ISO-8859-1, rejects literals such as 'Č')
    JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(BallistaTypeSystem.INSTANCE) {
      @Override
      public java.nio.charset.Charset getDefaultCharset() {
        return java.nio.charset.StandardCharsets.UTF_8;
      }
    };
    CalciteSchema rootSchema = CalciteCatalog.rootSchema(catalog);
    Properties props = new Properties();
    props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    props.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.TO_LOWER.name());
    props.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(props);
    CalciteCatalogReader catalogReader = new CalciteCatalogReader(rootSchema, List.of(), typeFactory, config);

    SqlNode parsed = parse(sql);
    org.ballista.planner.calcite.OutputNames.name(parsed, sql);
    SqlValidator validator = SqlValidatorUtil.newValidator(
        BallistaOperators.table(),
        catalogReader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierExpansion(true));
    SqlNode validated;
    try {
      validated = validator.validate(parsed);
    } catch (CalciteContextException e) {
      throw validationError(e);
    } catch (RuntimeException e) {
      throw new BallistaException(BallistaException.Kind.PLANNING, "SQL error: " + rootMessage(e), e);
    }

    HepPlanner clusterPlanner = new HepPlanner(HepProgram.builder().build());
    clusterPlanner.setExecutor(new RexExecutorImpl(DataContexts.EMPTY));
    RexBuilder rexBuilder = new RexBuilder(typeFactory);
    RelOptCluster cluster = RelOptCluster.create(clusterPlanner, rexBuilder);
    cluster.setMetadataProvider(StatisticsMetadata.PROVIDER);
    cluster.invalidateMetadataQuery();
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw BallistaException.unsupported("views are not supported");
        },
        validator, catalogReader, cluster, BallistaOperators.convertlets(),
        SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false));
    RelRoot root = converter.convertQuery(validated, false, true);
    RelNode optimized;
    try {
      optimized = optimizer.optimize(root.project());
    } catch (BallistaException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BallistaException(BallistaException.Kind.PLANNING, "could not optimize query: " + rootMessage(e), e);
    }
    RelToPlan lowering = new RelToPlan(rexBuilder, (RelOptTable t) -> CalciteCatalog.definitionOf(t));
    PlanNode plan = lowering.lower(optimized);
    return new PlannedQuery(RelOptUtil.toString(optimized), plan);
  }

  private static SqlNode parse(String sql) {
    SqlParser parser = SqlParser.create(sql, SqlParser.config()
        .withUnquotedCasing(Casing.TO_LOWER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(false)
        .withConformance(SqlConformanceEnum.LENIENT));
    try {
      return parser.parseQuery();
    } catch (SqlParseException e) {
      var pos = e.getPos();
      String first = e.getMessage() == null ? "syntax error" : e.getMessage().lines().findFirst().orElse("syntax error");
      String where = pos == null ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
      throw new BallistaException(BallistaException.Kind.SQL_SYNTAX, "SQL syntax error" + where + ": " + first, e);
    }
  }

  private static BallistaException validationError(CalciteContextException e) {
    Throwable cause = e.getCause();
    String detail = cause instanceof SqlValidatorException ? cause.getMessage() : rootMessage(e);
    String where = "line " + e.getPosLine() + ", column " + e.getPosColumn();
    BallistaException.Kind kind = BallistaException.Kind.PLANNING;
    String lower = detail.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("not found")) {
      kind = BallistaException.Kind.NOT_FOUND;
    } else if (lower.contains("cannot apply") || lower.contains("cannot assign") || lower.contains("type")) {
      kind = BallistaException.Kind.TYPE_MISMATCH;
    }
    return new BallistaException(kind, "SQL error at " + where + ": " + detail, e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
