package org.ballista.tpch;

import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import io.trino.tpch.Customer;
import io.trino.tpch.LineItem;
import io.trino.tpch.Nation;
import io.trino.tpch.Order;
import io.trino.tpch.Part;
import io.trino.tpch.PartSupplier;
import io.trino.tpch.Region;
import io.trino.tpch.Supplier;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * How one TPC-H table is generated and copied into Arrow vectors.
 *
 * <p>Money values are taken from the generator's integer-cents accessors and quantities from its
 * integer accessors, so every DECIMAL(15,2) value is exact; dates are the generator's epoch days.
 *
 * @param name the table name
 * @param table the io.trino.tpch table that generates the rows
 * @param schema the Arrow schema (see {@link TpchSchemas})
 * @param drivingRowsAtSf1 rows at SF1 of the table whose range a generator part covers (orders for
 *     lineitem, part for partsupp, the table itself otherwise)
 * @param rowsPerDrivingRow rows per driving row (about 4 for lineitem, 4 for partsupp, else 1)
 * @param scaled whether the row count grows with the scale factor (not for nation and region)
 * @param binder binds a row writer to the vectors of a batch of {@code schema}
 */
record TpchTableSpec<E extends TpchEntity>(
    String name,
    TpchTable<E> table,
    Schema schema,
    long drivingRowsAtSf1,
    int rowsPerDrivingRow,
    boolean scaled,
    Function<VectorSchemaRoot, RowWriter<E>> binder) {

  /** Copies one generated entity into one row of the vectors it was bound to. */
  interface RowWriter<E> {
    /** Writes {@code entity} at {@code row}; fixed-width vectors must have capacity for it. */
    void write(E entity, int row);
  }

  /** Rows of the driving table at {@code scaleFactor}, as the generator computes them. */
  long drivingRows(double scaleFactor) {
    return scaled ? Math.max(1, (long) (drivingRowsAtSf1 * scaleFactor)) : drivingRowsAtSf1;
  }

  /** Roughly how many rows the table has at {@code scaleFactor}. */
  long estimatedRows(double scaleFactor) {
    return drivingRows(scaleFactor) * rowsPerDrivingRow;
  }

  /** How many generator parts (files) to use so that each has at most about {@code rowsPerFile} rows. */
  int partCount(double scaleFactor, long rowsPerFile) {
    if (!scaled) {
      return 1;
    }
    long parts = (estimatedRows(scaleFactor) + rowsPerFile - 1) / rowsPerFile;
    parts = Math.min(parts, drivingRows(scaleFactor));
    return (int) Math.max(1, Math.min(parts, Integer.MAX_VALUE));
  }

  /** The rows of part {@code part} (1-based) of {@code partCount}. */
  Iterable<E> generate(double scaleFactor, int part, int partCount) {
    return scaled ? table.createGenerator(scaleFactor, part, partCount) : table.createGenerator(1.0, 1, 1);
  }

  /** The eight tables, smallest first. */
  static List<TpchTableSpec<?>> all() {
    return List.of(REGION, NATION, SUPPLIER, CUSTOMER, PART, PARTSUPP, ORDERS, LINEITEM);
  }

  static TpchTableSpec<?> byName(String name) {
    for (TpchTableSpec<?> spec : all()) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    TpchSchemas.schema(name); // throws NOT_FOUND with the list of names
    throw new IllegalStateException(name);
  }

  static final TpchTableSpec<Region> REGION = new TpchTableSpec<>(
      "region", TpchTable.REGION, TpchSchemas.REGION, 5, 1, false, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        VarCharVector comment = (VarCharVector) root.getVector(2);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getRegionKey());
          text.set(name, i, e.getName());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<Nation> NATION = new TpchTableSpec<>(
      "nation", TpchTable.NATION, TpchSchemas.NATION, 25, 1, false, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        BigIntVector regionKey = (BigIntVector) root.getVector(2);
        VarCharVector comment = (VarCharVector) root.getVector(3);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getNationKey());
          text.set(name, i, e.getName());
          regionKey.set(i, e.getRegionKey());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<Supplier> SUPPLIER = new TpchTableSpec<>(
      "supplier", TpchTable.SUPPLIER, TpchSchemas.SUPPLIER, 10_000, 1, true, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        VarCharVector address = (VarCharVector) root.getVector(2);
        BigIntVector nationKey = (BigIntVector) root.getVector(3);
        VarCharVector phone = (VarCharVector) root.getVector(4);
        DecimalVector acctbal = (DecimalVector) root.getVector(5);
        VarCharVector comment = (VarCharVector) root.getVector(6);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getSupplierKey());
          text.set(name, i, e.getName());
          text.set(address, i, e.getAddress());
          nationKey.set(i, e.getNationKey());
          text.set(phone, i, e.getPhone());
          DecimalVectors.setLong(acctbal, i, e.getAccountBalanceInCents());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<Customer> CUSTOMER = new TpchTableSpec<>(
      "customer", TpchTable.CUSTOMER, TpchSchemas.CUSTOMER, 150_000, 1, true, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        VarCharVector address = (VarCharVector) root.getVector(2);
        BigIntVector nationKey = (BigIntVector) root.getVector(3);
        VarCharVector phone = (VarCharVector) root.getVector(4);
        DecimalVector acctbal = (DecimalVector) root.getVector(5);
        VarCharVector segment = (VarCharVector) root.getVector(6);
        VarCharVector comment = (VarCharVector) root.getVector(7);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getCustomerKey());
          text.set(name, i, e.getName());
          text.set(address, i, e.getAddress());
          nationKey.set(i, e.getNationKey());
          text.set(phone, i, e.getPhone());
          DecimalVectors.setLong(acctbal, i, e.getAccountBalanceInCents());
          text.set(segment, i, e.getMarketSegment());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<Part> PART = new TpchTableSpec<>(
      "part", TpchTable.PART, TpchSchemas.PART, 200_000, 1, true, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        VarCharVector mfgr = (VarCharVector) root.getVector(2);
        VarCharVector brand = (VarCharVector) root.getVector(3);
        VarCharVector type = (VarCharVector) root.getVector(4);
        IntVector size = (IntVector) root.getVector(5);
        VarCharVector container = (VarCharVector) root.getVector(6);
        DecimalVector retailPrice = (DecimalVector) root.getVector(7);
        VarCharVector comment = (VarCharVector) root.getVector(8);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getPartKey());
          text.set(name, i, e.getName());
          text.set(mfgr, i, e.getManufacturer());
          text.set(brand, i, e.getBrand());
          text.set(type, i, e.getType());
          size.set(i, e.getSize());
          text.set(container, i, e.getContainer());
          DecimalVectors.setLong(retailPrice, i, e.getRetailPriceInCents());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<PartSupplier> PARTSUPP = new TpchTableSpec<>(
      "partsupp", TpchTable.PART_SUPPLIER, TpchSchemas.PARTSUPP, 200_000, 4, true, root -> {
        BigIntVector partKey = (BigIntVector) root.getVector(0);
        BigIntVector suppKey = (BigIntVector) root.getVector(1);
        IntVector availQty = (IntVector) root.getVector(2);
        DecimalVector supplyCost = (DecimalVector) root.getVector(3);
        VarCharVector comment = (VarCharVector) root.getVector(4);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          partKey.set(i, e.getPartKey());
          suppKey.set(i, e.getSupplierKey());
          availQty.set(i, e.getAvailableQuantity());
          DecimalVectors.setLong(supplyCost, i, e.getSupplyCostInCents());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<Order> ORDERS = new TpchTableSpec<>(
      "orders", TpchTable.ORDERS, TpchSchemas.ORDERS, 1_500_000, 1, true, root -> {
        BigIntVector key = (BigIntVector) root.getVector(0);
        BigIntVector custKey = (BigIntVector) root.getVector(1);
        VarCharVector status = (VarCharVector) root.getVector(2);
        DecimalVector totalPrice = (DecimalVector) root.getVector(3);
        DateDayVector orderDate = (DateDayVector) root.getVector(4);
        VarCharVector priority = (VarCharVector) root.getVector(5);
        VarCharVector clerk = (VarCharVector) root.getVector(6);
        IntVector shipPriority = (IntVector) root.getVector(7);
        VarCharVector comment = (VarCharVector) root.getVector(8);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          key.set(i, e.getOrderKey());
          custKey.set(i, e.getCustomerKey());
          text.set(status, i, e.getOrderStatus());
          DecimalVectors.setLong(totalPrice, i, e.getTotalPriceInCents());
          orderDate.set(i, e.getOrderDate());
          text.set(priority, i, e.getOrderPriority());
          text.set(clerk, i, e.getClerk());
          shipPriority.set(i, e.getShipPriority());
          text.set(comment, i, e.getComment());
        };
      });

  static final TpchTableSpec<LineItem> LINEITEM = new TpchTableSpec<>(
      "lineitem", TpchTable.LINE_ITEM, TpchSchemas.LINEITEM, 1_500_000, 4, true, root -> {
        BigIntVector orderKey = (BigIntVector) root.getVector(0);
        BigIntVector partKey = (BigIntVector) root.getVector(1);
        BigIntVector suppKey = (BigIntVector) root.getVector(2);
        IntVector lineNumber = (IntVector) root.getVector(3);
        DecimalVector quantity = (DecimalVector) root.getVector(4);
        DecimalVector extendedPrice = (DecimalVector) root.getVector(5);
        DecimalVector discount = (DecimalVector) root.getVector(6);
        DecimalVector tax = (DecimalVector) root.getVector(7);
        VarCharVector returnFlag = (VarCharVector) root.getVector(8);
        VarCharVector lineStatus = (VarCharVector) root.getVector(9);
        DateDayVector shipDate = (DateDayVector) root.getVector(10);
        DateDayVector commitDate = (DateDayVector) root.getVector(11);
        DateDayVector receiptDate = (DateDayVector) root.getVector(12);
        VarCharVector shipInstruct = (VarCharVector) root.getVector(13);
        VarCharVector shipMode = (VarCharVector) root.getVector(14);
        VarCharVector comment = (VarCharVector) root.getVector(15);
        Utf8Writer text = new Utf8Writer();
        return (e, i) -> {
          orderKey.set(i, e.getOrderKey());
          partKey.set(i, e.getPartKey());
          suppKey.set(i, e.getSupplierKey());
          lineNumber.set(i, e.getLineNumber());
          DecimalVectors.setLong(quantity, i, e.getQuantity() * 100);
          DecimalVectors.setLong(extendedPrice, i, e.getExtendedPriceInCents());
          DecimalVectors.setLong(discount, i, e.getDiscountPercent());
          DecimalVectors.setLong(tax, i, e.getTaxPercent());
          text.set(returnFlag, i, e.getReturnFlag());
          text.set(lineStatus, i, e.getStatus());
          shipDate.set(i, e.getShipDate());
          commitDate.set(i, e.getCommitDate());
          receiptDate.set(i, e.getReceiptDate());
          text.set(shipInstruct, i, e.getShipInstructions());
          text.set(shipMode, i, e.getShipMode());
          text.set(comment, i, e.getComment());
        };
      });
}
