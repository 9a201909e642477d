package org.ballista.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when the input is ready: a line is accepted only once every statement in it is ended
 * by a semicolon (or it is blank, or a shell command such as {@code \q} or {@code quit}); until then
 * Enter continues the input on a new line, and the whole multi-line statement becomes one history
 * entry.
 */
final class SqlLineParser implements Parser {
  private final DefaultParser words = new DefaultParser().escapeChars(new char[0]);

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !InteractiveShell.isShellCommand(line)
        && !StatementSplitter.isComplete(line)) {
      throw new EOFError(-1, cursor, "statement not ended by ';'", ";");
    }
    return words.parse(line, cursor, context);
  }
}
