package org.ballista.api.plan;

/**
 * How an aggregation runs. SINGLE consumes raw rows and emits final values. PARTIAL consumes raw
 * rows and emits the group keys followed by each call's state columns (AVG: sum then count; COUNT:
 * count; SUM/MIN/MAX/ANY_VALUE: one value column; DISTINCT calls are not split). FINAL consumes
 * PARTIAL output, whose argument indexes refer to the first state column of each call, and emits
 * final values.
 */
public enum AggregateMode {
  SINGLE, PARTIAL, FINAL
}
