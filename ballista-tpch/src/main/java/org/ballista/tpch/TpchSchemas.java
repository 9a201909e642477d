package org.ballista.tpch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/**
 * The Arrow schemas of the eight TPC-H tables, as the bundled answers expect them: keys BIGINT
 * except {@code l_linenumber}, {@code p_size}, {@code ps_availqty} and {@code o_shippriority}
 * (INTEGER); money, quantity, discount and tax DECIMAL(15,2); dates DATE; text VARCHAR without
 * padding. Every column is NOT NULL (non-nullable fields); names are lower-case as in the spec.
 */
public final class TpchSchemas {
  private TpchSchemas() {}

  private static final DataType MONEY = DataType.decimal(15, 2);
  private static final DataType KEY = DataType.INT64;
  private static final DataType INT = DataType.INT32;
  private static final DataType TEXT = DataType.UTF8;
  private static final DataType DATE = DataType.DATE;

  public static final Schema REGION = schema(
      col("r_regionkey", KEY), col("r_name", TEXT), col("r_comment", TEXT));

  public static final Schema NATION = schema(
      col("n_nationkey", KEY), col("n_name", TEXT), col("n_regionkey", KEY), col("n_comment", TEXT));

  public static final Schema SUPPLIER = schema(
      col("s_suppkey", KEY), col("s_name", TEXT), col("s_address", TEXT), col("s_nationkey", KEY),
      col("s_phone", TEXT), col("s_acctbal", MONEY), col("s_comment", TEXT));

  public static final Schema CUSTOMER = schema(
      col("c_custkey", KEY), col("c_name", TEXT), col("c_address", TEXT), col("c_nationkey", KEY),
      col("c_phone", TEXT), col("c_acctbal", MONEY), col("c_mktsegment", TEXT),
      col("c_comment", TEXT));

  public static final Schema PART = schema(
      col("p_partkey", KEY), col("p_name", TEXT), col("p_mfgr", TEXT), col("p_brand", TEXT),
      col("p_type", TEXT), col("p_size", INT), col("p_container", TEXT), col("p_retailprice", MONEY),
      col("p_comment", TEXT));

  public static final Schema PARTSUPP = schema(
      col("ps_partkey", KEY), col("ps_suppkey", KEY), col("ps_availqty", INT),
      col("ps_supplycost", MONEY), col("ps_comment", TEXT));

  public static final Schema ORDERS = schema(
      col("o_orderkey", KEY), col("o_custkey", KEY), col("o_orderstatus", TEXT),
      col("o_totalprice", MONEY), col("o_orderdate", DATE), col("o_orderpriority", TEXT),
      col("o_clerk", TEXT), col("o_shippriority", INT), col("o_comment", TEXT));

  public static final Schema LINEITEM = schema(
      col("l_orderkey", KEY), col("l_partkey", KEY), col("l_suppkey", KEY),
      col("l_linenumber", INT), col("l_quantity", MONEY), col("l_extendedprice", MONEY),
      col("l_discount", MONEY), col("l_tax", MONEY), col("l_returnflag", TEXT),
      col("l_linestatus", TEXT), col("l_shipdate", DATE), col("l_commitdate", DATE),
      col("l_receiptdate", DATE), col("l_shipinstruct", TEXT), col("l_shipmode", TEXT),
      col("l_comment", TEXT));

  /** Table names in the order they are usually listed (largest last). */
  public static final List<String> TABLE_NAMES = List.of(
      "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem");

  private static final Map<String, Schema> BY_NAME = Map.of(
      "region", REGION, "nation", NATION, "supplier", SUPPLIER, "customer", CUSTOMER,
      "part", PART, "partsupp", PARTSUPP, "orders", ORDERS, "lineitem", LINEITEM);

  /** The schema of table {@code name} (case-insensitive); NOT_FOUND for anything else. */
  public static Schema schema(String name) {
    Schema schema = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (schema == null) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND,
          "no TPC-H table '" + name + "'; expected one of " + TABLE_NAMES);
    }
    return schema;
  }

  private static Field col(String name, DataType type) {
    return new Field(name, new FieldType(false, type.toArrow(), null), null);
  }

  private static Schema schema(Field... fields) {
    return new Schema(List.of(fields));
  }
}
