package org.ballista.api.plan;

/**
 * Join types. SEMI and ANTI output only the left (probe) side's columns. {@link #NULL_AWARE_ANTI}
 * is the anti join of {@code NOT IN}: if the right side has a NULL key, no row qualifies; a left
 * row with a NULL key qualifies only when the right side is empty.
 */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI, NULL_AWARE_ANTI;

  public boolean outputsRight() {
    return this == INNER || this == LEFT || this == RIGHT || this == FULL;
  }
}
