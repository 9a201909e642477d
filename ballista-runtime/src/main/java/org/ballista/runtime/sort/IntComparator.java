package org.ballista.runtime.sort;

/** Compares two row ids without boxing; same contract as {@link java.util.Comparator#compare}. */
@FunctionalInterface
public interface IntComparator {
  int compare(int a, int b);
}
