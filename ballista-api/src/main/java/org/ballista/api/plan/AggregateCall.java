package org.ballista.api.plan;

import org.ballista.api.types.DataType;

/**
 * One aggregate of an {@link PlanNode.Aggregate}. {@code argument} is the input column it reads
 * ({@code -1} for COUNT(*)). {@code filterColumn} is a BOOLEAN input column restricting the rows
 * (the FILTER clause), or -1. {@code type} is the result type (SUM of DECIMAL(p,s) keeps scale s;
 * AVG of DECIMAL keeps the call's type; COUNT is INT64).
 */
public record AggregateCall(
    AggregateFunction function, int argument, boolean distinct, int filterColumn, DataType type, String name) {

  public enum AggregateFunction {
    COUNT, SUM, AVG, MIN, MAX,
    /** Any value of the group (the group's value of a column functionally dependent on the key). */
    ANY_VALUE
  }
}
