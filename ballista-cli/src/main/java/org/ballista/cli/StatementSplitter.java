package org.ballista.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at top-level semicolons. A semicolon does not end a statement
 * inside a string literal ({@code '...'}, with {@code ''} as an escaped quote), a quoted identifier
 * ({@code "..."}, with {@code ""}), a line comment ({@code --} to the end of the line) or a block
 * comment ({@code /* ... *}{@code /}, not nested). Statements are returned trimmed and without their
 * semicolon; statements made only of blanks and comments are dropped.
 */
public final class StatementSplitter {
  /**
   * The result of {@link #split}.
   *
   * @param statements the statements ended by a semicolon, in order
   * @param remainder the raw text after the last top-level semicolon (possibly an unfinished
   *     statement, possibly blank)
   */
  public record Split(List<String> statements, String remainder) {
    public Split {
      statements = List.copyOf(statements);
    }
  }

  private StatementSplitter() {}

  /** The semicolon-ended statements of {@code text} and what follows the last of them. */
  public static Split split(String text) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(text, i);
      } else if (startsLineComment(text, i)) {
        i = skipLineComment(text, i);
      } else if (startsBlockComment(text, i)) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == ';') {
        addIfNotBlank(statements, text.substring(start, i));
        start = ++i;
      } else {
        i++;
      }
    }
    return new Split(statements, text.substring(start));
  }

  /**
   * All statements of a script: those ended by semicolons plus a last one without its semicolon,
   * unless that last part is blank.
   */
  public static List<String> splitScript(String script) {
    Split split = split(script);
    List<String> all = new ArrayList<>(split.statements());
    addIfNotBlank(all, split.remainder());
    return all;
  }

  /**
   * Whether {@code text} holds nothing but whitespace and complete comments (an unterminated block
   * comment is not blank: more input is expected).
   */
  public static boolean isBlank(String text) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (startsLineComment(text, i)) {
        i = skipLineComment(text, i);
      } else if (startsBlockComment(text, i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          return false;
        }
        i = end + 2;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code text} is ready to run: it is blank, or everything after its last top-level
   * semicolon is blank (so no statement is left unfinished, and no quote or comment left open).
   */
  public static boolean isComplete(String text) {
    return isBlank(split(text).remainder());
  }

  private static void addIfNotBlank(List<String> statements, String statement) {
    if (!isBlank(statement)) {
      statements.add(statement.strip());
    }
  }

  /** Index just after the quoted text starting at {@code open}, or the end of the text if unterminated. */
  private static int skipQuoted(String text, int open) {
    char quote = text.charAt(open);
    int i = open + 1;
    while (true) {
      int close = text.indexOf(quote, i);
      if (close < 0) {
        return text.length();
      }
      if (close + 1 < text.length() && text.charAt(close + 1) == quote) {
        i = close + 2; // doubled quote: an escaped quote inside the literal
      } else {
        return close + 1;
      }
    }
  }

  private static boolean startsLineComment(String text, int i) {
    return text.charAt(i) == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-';
  }

  private static boolean startsBlockComment(String text, int i) {
    return text.charAt(i) == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*';
  }

  private static int skipLineComment(String text, int i) {
    int end = text.indexOf('\n', i);
    return end < 0 ? text.length() : end + 1;
  }
}
