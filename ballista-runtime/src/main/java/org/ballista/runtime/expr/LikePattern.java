package org.ballista.runtime.expr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.ballista.api.BallistaException;

/**
 * A LIKE pattern compiled once into a matcher over UTF-8 bytes: exact, prefix ('abc%'), suffix
 * ('%abc'), contains ('%abc%'), ordered fragments ('%a%b%', 'a%b') by byte search, and a general
 * wildcard matcher when '_' appears ('_' consumes one whole UTF-8 character).
 */
final class LikePattern {
  enum Shape { ALL, EXACT, PREFIX, SUFFIX, CONTAINS, FRAGMENTS, GENERAL }

  private static final int ANY_CHAR = -1;
  private static final int ANY_SEQ = -2;

  final Shape shape;
  private final byte[][] fragments;
  private final long[][] fragmentWords;
  private final boolean anchoredStart;
  private final boolean anchoredEnd;
  private final int[] tokens;

  LikePattern(String pattern, Character escape) {
    List<Integer> toks = new ArrayList<>();
    boolean hasAnyChar = false;
    int i = 0;
    while (i < pattern.length()) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (escape != null && cp == escape) {
        if (i >= pattern.length()) {
          throw BallistaException.execution("LIKE pattern '" + pattern + "' ends with the escape character");
        }
        cp = pattern.codePointAt(i);
        i += Character.charCount(cp);
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          toks.add(b & 0xFF);
        }
      } else if (cp == '%') {
        if (toks.isEmpty() || toks.get(toks.size() - 1) != ANY_SEQ) {
          toks.add(ANY_SEQ);
        }
      } else if (cp == '_') {
        toks.add(ANY_CHAR);
        hasAnyChar = true;
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          toks.add(b & 0xFF);
        }
      }
    }
    tokens = toks.stream().mapToInt(Integer::intValue).toArray();
    List<byte[]> frags = new ArrayList<>();
    ByteArrayOutputStream cur = new ByteArrayOutputStream();
    for (int t : tokens) {
      if (t == ANY_SEQ) {
        if (cur.size() > 0) {
          frags.add(cur.toByteArray());
          cur.reset();
        }
      } else if (t >= 0) {
        cur.write(t);
      }
    }
    if (cur.size() > 0) {
      frags.add(cur.toByteArray());
    }
    fragments = frags.toArray(new byte[0][]);
    fragmentWords = new long[fragments.length][];
    for (int k = 0; k < fragments.length; k++) {
      fragmentWords[k] = Utf8Bytes.words(fragments[k]);
    }
    anchoredStart = tokens.length == 0 || tokens[0] != ANY_SEQ;
    anchoredEnd = tokens.length == 0 || tokens[tokens.length - 1] != ANY_SEQ;
    if (hasAnyChar) {
      shape = Shape.GENERAL;
    } else if (fragments.length == 0) {
      shape = anchoredStart ? Shape.EXACT : Shape.ALL;
    } else if (fragments.length == 1 && anchoredStart && anchoredEnd) {
      shape = Shape.EXACT;
    } else if (fragments.length == 1 && anchoredStart) {
      shape = Shape.PREFIX;
    } else if (fragments.length == 1 && anchoredEnd) {
      shape = Shape.SUFFIX;
    } else if (fragments.length == 1) {
      shape = Shape.CONTAINS;
    } else {
      shape = Shape.FRAGMENTS;
    }
  }

  boolean matches(ArrowBuf d, long s, int len) {
    switch (shape) {
      case ALL:
        return true;
      case EXACT:
        return fragments.length == 0 ? len == 0 : Utf8Bytes.equals(d, s, len, fragments[0], fragmentWords[0]);
      case PREFIX: {
        byte[] f = fragments[0];
        return len >= f.length && Utf8Bytes.regionEquals(d, s, f, fragmentWords[0], 0, f.length);
      }
      case SUFFIX: {
        byte[] f = fragments[0];
        return len >= f.length && Utf8Bytes.regionEquals(d, s + len - f.length, f, fragmentWords[0], 0, f.length);
      }
      case CONTAINS: {
        byte[] f = fragments[0];
        return Utf8Bytes.indexOf(d, s, len, 0, f, 0, f.length) >= 0;
      }
      case FRAGMENTS:
        return matchFragments(d, s, len);
      default:
        return matchGeneral(d, s, len);
    }
  }

  private boolean matchFragments(ArrowBuf d, long s, int len) {
    int from = 0;
    int last = fragments.length - 1;
    int end = len;
    if (anchoredEnd) {
      byte[] f = fragments[last];
      if (len < f.length || !Utf8Bytes.regionEquals(d, s + len - f.length, f, fragmentWords[last], 0, f.length)) {
        return false;
      }
      end = len - f.length;
      last--;
    }
    int k = 0;
    if (anchoredStart) {
      byte[] f = fragments[0];
      if (end < f.length || !Utf8Bytes.regionEquals(d, s, f, fragmentWords[0], 0, f.length)) {
        return false;
      }
      from = f.length;
      k = 1;
    }
    for (; k <= last; k++) {
      byte[] f = fragments[k];
      int at = Utf8Bytes.indexOf(d, s, end, from, f, 0, f.length);
      if (at < 0) {
        return false;
      }
      from = at + f.length;
    }
    return from <= end;
  }

  private boolean matchGeneral(ArrowBuf d, long s, int len) {
    int p = 0;
    int t = 0;
    int starT = -1;
    int starP = 0;
    int[] tok = tokens;
    while (p < len) {
      if (t < tok.length && tok[t] == ANY_CHAR) {
        p += Utf8Bytes.charLength(d.getByte(s + p));
        t++;
      } else if (t < tok.length && tok[t] >= 0 && tok[t] == (d.getByte(s + p) & 0xFF)) {
        p++;
        t++;
      } else if (t < tok.length && tok[t] == ANY_SEQ) {
        starT = t++;
        starP = p;
      } else if (starT >= 0) {
        t = starT + 1;
        starP += Utf8Bytes.charLength(d.getByte(s + starP));
        p = starP;
      } else {
        return false;
      }
    }
    while (t < tok.length && tok[t] == ANY_SEQ) {
      t++;
    }
    return t == tok.length && p == len;
  }
}
