package org.ballista.runtime.aggregate;

/** Which value a MIN/MAX/ANY_VALUE accumulator keeps per group. */
enum Extremum {
  MIN, MAX,
  /** The first non-NULL value seen. */
  ANY
}
