package org.ballista.runtime.window;

import org.ballista.api.BallistaException;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.plan.WindowFrame.Bound;
import org.ballista.api.plan.WindowFrame.BoundKind;

/**
 * Turns a {@link WindowFrame} into the row range {@code [lo[i], hi[i])} of every row i, clamped to
 * the row's partition (empty when {@code lo[i] >= hi[i]}). Within a partition both {@code lo} and
 * {@code hi} never decrease as i grows, which the sliding kernels rely on.
 *
 * <p>ROWS frames take any bounds; RANGE frames only UNBOUNDED and CURRENT ROW bounds (CURRENT ROW
 * reaching to the edge of the row's peer group).
 */
final class FrameBounds {
  private FrameBounds() {}

  /** Throws UNSUPPORTED for a frame this operator cannot compute (RANGE with an offset). */
  static void check(WindowFrame frame, String callName) {
    if (frame.units() == WindowFrame.Units.RANGE) {
      for (Bound b : new Bound[] {frame.lower(), frame.upper()}) {
        if (b.kind() == BoundKind.PRECEDING || b.kind() == BoundKind.FOLLOWING) {
          throw BallistaException.unsupported("window " + callName + ": RANGE frame with an offset ("
              + b.offset() + " " + b.kind() + ") is not supported; use ROWS or UNBOUNDED/CURRENT ROW bounds");
        }
      }
    }
  }

  /** Fills {@code lo} and {@code hi} (length ≥ rowCount) for every row. */
  static void compute(WindowFrame frame, Boundaries bounds, int[] lo, int[] hi) {
    check(frame, "frame");
    boolean range = frame.units() == WindowFrame.Units.RANGE;
    int[] starts = bounds.partitionStarts;
    for (int p = 0; p < bounds.partitionCount; p++) {
      int ps = starts[p];
      int pe = starts[p + 1];
      fillLower(frame.lower(), range, bounds, ps, pe, lo);
      fillUpper(frame.upper(), range, bounds, ps, pe, hi);
    }
  }

  private static int clamp(long x, int ps, int pe) {
    return (int) Math.max(ps, Math.min(pe, x));
  }

  private static void fillLower(Bound b, boolean range, Boundaries bounds, int ps, int pe, int[] lo) {
    switch (b.kind()) {
      case UNBOUNDED_PRECEDING -> {
        for (int i = ps; i < pe; i++) {
          lo[i] = ps;
        }
      }
      case PRECEDING -> {
        long n = b.offset();
        for (int i = ps; i < pe; i++) {
          lo[i] = clamp(i - n, ps, pe);
        }
      }
      case CURRENT_ROW -> {
        if (range) {
          System.arraycopy(bounds.peerStart, ps, lo, ps, pe - ps);
        } else {
          for (int i = ps; i < pe; i++) {
            lo[i] = i;
          }
        }
      }
      case FOLLOWING -> {
        long n = b.offset();
        for (int i = ps; i < pe; i++) {
          lo[i] = clamp(i + n, ps, pe);
        }
      }
      case UNBOUNDED_FOLLOWING -> throw BallistaException.internal("frame lower bound UNBOUNDED FOLLOWING", null);
    }
  }

  private static void fillUpper(Bound b, boolean range, Boundaries bounds, int ps, int pe, int[] hi) {
    switch (b.kind()) {
      case UNBOUNDED_FOLLOWING -> {
        for (int i = ps; i < pe; i++) {
          hi[i] = pe;
        }
      }
      case PRECEDING -> {
        long n = b.offset();
        for (int i = ps; i < pe; i++) {
          hi[i] = clamp(i - n + 1, ps, pe);
        }
      }
      case CURRENT_ROW -> {
        if (range) {
          System.arraycopy(bounds.peerEnd, ps, hi, ps, pe - ps);
        } else {
          for (int i = ps; i < pe; i++) {
            hi[i] = i + 1;
          }
        }
      }
      case FOLLOWING -> {
        long n = b.offset();
        for (int i = ps; i < pe; i++) {
          hi[i] = clamp(i + n + 1, ps, pe);
        }
      }
      case UNBOUNDED_PRECEDING -> throw BallistaException.internal("frame upper bound UNBOUNDED PRECEDING", null);
    }
  }
}
