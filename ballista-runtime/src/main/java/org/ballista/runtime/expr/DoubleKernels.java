package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;

/** Tight loops of DOUBLE arithmetic per operand mode (see {@link LongKernels}). */
final class DoubleKernels {
  private DoubleKernels() {}

  static void addVV(ArrowBuf a, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = b.getDouble((long) i << 3);
      double r = x + y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void addVS(ArrowBuf a, double cb, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = cb;
      double r = x + y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void addSV(double ca, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = ca;
      double y = b.getDouble((long) i << 3);
      double r = x + y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void subVV(ArrowBuf a, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = b.getDouble((long) i << 3);
      double r = x - y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void subVS(ArrowBuf a, double cb, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = cb;
      double r = x - y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void subSV(double ca, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = ca;
      double y = b.getDouble((long) i << 3);
      double r = x - y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void mulVV(ArrowBuf a, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = b.getDouble((long) i << 3);
      double r = x * y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void mulVS(ArrowBuf a, double cb, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = cb;
      double r = x * y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void mulSV(double ca, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = ca;
      double y = b.getDouble((long) i << 3);
      double r = x * y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void divVV(ArrowBuf a, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = b.getDouble((long) i << 3);
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x / y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void divVS(ArrowBuf a, double cb, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = cb;
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x / y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void divSV(double ca, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = ca;
      double y = b.getDouble((long) i << 3);
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x / y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void modVV(ArrowBuf a, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = b.getDouble((long) i << 3);
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x % y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void modVS(ArrowBuf a, double cb, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = a.getDouble((long) i << 3);
      double y = cb;
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x % y;
      out.setDouble((long) i << 3, r);
    }
  }

  static void modSV(double ca, ArrowBuf b, ArrowBuf out, int n, long[] live) {
    for (int i = 0; i < n; i++) {
      double x = ca;
      double y = b.getDouble((long) i << 3);
      if (y == 0.0) {
        Kernels.failDivByZero(live, i);
      }
      double r = x % y;
      out.setDouble((long) i << 3, r);
    }
  }
}
