package org.ballista.planner.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.planner.calcite.TypeMapping;

/**
 * Recognizes the statements Calcite's parser does not know (DDL, SHOW TABLES, DESCRIBE, EXPLAIN)
 * and hands every other statement on as a {@link Statement.Query}.
 */
public final class StatementParser {
  private StatementParser() {}

  public static Statement parse(String sqlText) {
    String sql = stripTrailingSemicolons(sqlText);
    Tokens t = new Tokens(sql);
    if (t.peekWord("explain")) {
      t.next();
      // EXPLAIN [PLAN FOR] query
      if (t.peekWord("plan")) {
        t.next();
        t.expectWord("for");
      }
      return new Statement.Explain(sql.substring(t.position()));
    }
    if (t.peekWord("show")) {
      t.next();
      t.expectWord("tables");
      t.expectEnd();
      return new Statement.ShowTables();
    }
    if (t.peekWord("describe") || t.peekWord("desc")) {
      t.next();
      String name = t.identifier("table name");
      t.expectEnd();
      return new Statement.Describe(name);
    }
    if (t.peekWord("drop")) {
      t.next();
      if (t.peekWord("external")) {
        t.next();
      }
      t.expectWord("table");
      boolean ifExists = false;
      if (t.peekWord("if")) {
        t.next();
        t.expectWord("exists");
        ifExists = true;
      }
      String name = t.identifier("table name");
      t.expectEnd();
      return new Statement.DropTable(name, ifExists);
    }
    if (t.peekWord("create")) {
      return parseCreate(t);
    }
    return new Statement.Query(sql);
  }

  private static Statement parseCreate(Tokens t) {
    t.next();
    t.expectWord("external");
    t.expectWord("table");
    boolean ifNotExists = false;
    if (t.peekWord("if")) {
      t.next();
      t.expectWord("not");
      t.expectWord("exists");
      ifNotExists = true;
    }
    String name = t.identifier("table name");
    Schema columns = null;
    if (t.peekSymbol('(')) {
      columns = parseColumns(t);
    }
    String format = null;
    String location = null;
    boolean header = true;
    char delimiter = ',';
    while (!t.atEnd()) {
      if (t.peekWord("stored")) {
        t.next();
        t.expectWord("as");
        format = t.identifier("file format").toUpperCase(Locale.ROOT);
      } else if (t.peekWord("with")) {
        t.next();
        t.expectWord("header");
        t.expectWord("row");
        header = true;
      } else if (t.peekWord("without")) {
        t.next();
        t.expectWord("header");
        t.expectWord("row");
        header = false;
      } else if (t.peekWord("delimiter")) {
        t.next();
        delimiter = delimiterOf(t.string("delimiter"));
      } else if (t.peekWord("location")) {
        t.next();
        location = t.string("location");
      } else if (t.peekWord("options")) {
        t.next();
        t.expectSymbol('(');
        while (!t.peekSymbol(')')) {
          String key = t.string("option name").toLowerCase(Locale.ROOT);
          if (t.peekSymbol('=')) {
            t.next();
          }
          String value = t.string("option value");
          switch (key) {
            case "has_header", "format.has_header", "header" -> header = Boolean.parseBoolean(value);
            case "delimiter", "format.delimiter" -> delimiter = delimiterOf(value);
            default -> throw t.error("unknown table option '" + key + "' (known: has_header, delimiter)");
          }
          if (t.peekSymbol(',')) {
            t.next();
          }
        }
        t.expectSymbol(')');
      } else {
        throw t.error("unexpected '" + t.peekText() + "' in CREATE EXTERNAL TABLE; expected STORED AS, LOCATION, "
            + "WITH HEADER ROW, DELIMITER or OPTIONS");
      }
    }
    if (format == null) {
      throw t.error("CREATE EXTERNAL TABLE needs STORED AS PARQUET or STORED AS CSV");
    }
    if (!format.equals("PARQUET") && !format.equals("CSV")) {
      throw t.error("unsupported file format " + format + " (supported: PARQUET, CSV)");
    }
    if (location == null) {
      throw t.error("CREATE EXTERNAL TABLE needs LOCATION 'path'");
    }
    return new Statement.CreateExternalTable(name, format, location, header, delimiter, columns, ifNotExists);
  }

  private static Schema parseColumns(Tokens t) {
    t.expectSymbol('(');
    List<Field> fields = new ArrayList<>();
    while (true) {
      String col = t.identifier("column name");
      String typeName = t.identifier("column type").toLowerCase(Locale.ROOT);
      DataType type = switch (typeName) {
        case "int", "integer", "smallint", "tinyint" -> DataType.INT32;
        case "bigint", "long" -> DataType.INT64;
        case "double", "float", "real" -> {
          if (typeName.equals("double") && t.peekWord("precision")) {
            t.next();
          }
          yield DataType.FLOAT64;
        }
        case "decimal", "numeric" -> {
          int p = 18;
          int s = 0;
          if (t.peekSymbol('(')) {
            t.next();
            p = t.integer("precision");
            if (t.peekSymbol(',')) {
              t.next();
              s = t.integer("scale");
            }
            t.expectSymbol(')');
          }
          if (p > 18) {
            throw t.error("DECIMAL precision " + p + " is above the supported maximum of 18");
          }
          yield DataType.decimal(p, s);
        }
        case "date" -> DataType.DATE;
        case "varchar", "char", "text", "string" -> {
          if (t.peekSymbol('(')) {
            t.next();
            t.integer("length");
            t.expectSymbol(')');
          }
          yield DataType.UTF8;
        }
        case "boolean", "bool" -> DataType.BOOL;
        default -> throw t.error("unknown column type '" + typeName + "' for column " + col);
      };
      boolean nullable = true;
      if (t.peekWord("not")) {
        t.next();
        t.expectWord("null");
        nullable = false;
      } else if (t.peekWord("null")) {
        t.next();
      }
      fields.add(TypeMapping.field(col, type, nullable));
      if (t.peekSymbol(',')) {
        t.next();
        continue;
      }
      t.expectSymbol(')');
      return new Schema(fields);
    }
  }

  private static char delimiterOf(String value) {
    if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw new BallistaException(BallistaException.Kind.SQL_SYNTAX, "delimiter must be one character, got '" + value + "'");
    }
    return value.charAt(0);
  }

  static String stripTrailingSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  /** A tiny tokenizer: words, quoted strings, numbers and single-character symbols; skips comments. */
  private static final class Tokens {
    private final String text;
    private int pos;
    private int tokenStart;

    Tokens(String text) {
      this.text = text;
      skip();
    }

    int position() {
      return pos;
    }

    private void skip() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (text.startsWith("--", pos)) {
          int nl = text.indexOf('\n', pos);
          pos = nl < 0 ? text.length() : nl + 1;
        } else if (text.startsWith("/*", pos)) {
          int end = text.indexOf("*/", pos + 2);
          pos = end < 0 ? text.length() : end + 2;
        } else {
          break;
        }
      }
      tokenStart = pos;
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    private int wordEnd() {
      int e = pos;
      while (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_' || text.charAt(e) == '.')) {
        e++;
      }
      return e;
    }

    boolean peekWord(String word) {
      int e = wordEnd();
      return e > pos && text.substring(pos, e).equalsIgnoreCase(word);
    }

    boolean peekSymbol(char c) {
      return !atEnd() && text.charAt(pos) == c;
    }

    String peekText() {
      if (atEnd()) {
        return "end of statement";
      }
      int e = wordEnd();
      return e > pos ? text.substring(pos, e) : String.valueOf(text.charAt(pos));
    }

    void next() {
      int e = wordEnd();
      pos = e > pos ? e : pos + 1;
      skip();
    }

    void expectWord(String word) {
      if (!peekWord(word)) {
        throw error("expected " + word.toUpperCase(Locale.ROOT) + " but found '" + peekText() + "'");
      }
      next();
    }

    void expectSymbol(char c) {
      if (!peekSymbol(c)) {
        throw error("expected '" + c + "' but found '" + peekText() + "'");
      }
      next();
    }

    void expectEnd() {
      if (!atEnd()) {
        throw error("unexpected '" + peekText() + "' at end of statement");
      }
    }

    String identifier(String what) {
      if (peekSymbol('"') || peekSymbol('`')) {
        char q = text.charAt(pos);
        int end = text.indexOf(q, pos + 1);
        if (end < 0) {
          throw error("unterminated quoted " + what);
        }
        String id = text.substring(pos + 1, end);
        pos = end + 1;
        skip();
        return id;
      }
      int e = wordEnd();
      if (e == pos) {
        throw error("expected " + what + " but found '" + peekText() + "'");
      }
      String id = text.substring(pos, e).toLowerCase(Locale.ROOT);
      pos = e;
      skip();
      return id;
    }

    String string(String what) {
      if (!peekSymbol('\'')) {
        throw error("expected a quoted " + what + " but found '" + peekText() + "'");
      }
      StringBuilder sb = new StringBuilder();
      int i = pos + 1;
      while (true) {
        if (i >= text.length()) {
          throw error("unterminated string for " + what);
        }
        char c = text.charAt(i);
        if (c == '\'') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
            sb.append('\'');
            i += 2;
            continue;
          }
          break;
        }
        sb.append(c);
        i++;
      }
      pos = i + 1;
      skip();
      return sb.toString();
    }

    int integer(String what) {
      int e = wordEnd();
      try {
        int v = Integer.parseInt(text.substring(pos, e));
        pos = e;
        skip();
        return v;
      } catch (NumberFormatException ex) {
        throw error("expected " + what + " (a number) but found '" + peekText() + "'");
      }
    }

    BallistaException error(String message) {
      int line = 1;
      int col = 1;
      for (int i = 0; i < tokenStart && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return new BallistaException(BallistaException.Kind.SQL_SYNTAX,
          "SQL error at line " + line + ", column " + col + ": " + message);
    }
  }
}
