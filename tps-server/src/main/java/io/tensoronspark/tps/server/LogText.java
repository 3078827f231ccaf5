package io.tensoronspark.tps.server;

/**
 * Makes text a client sent safe for one log line: control characters, backslashes and anything
 * outside printable ASCII are escaped ({@code \r}, {@code \n}, {@code \t}, {@code \\}, {@code
 * \xNN}, {@code \\uNNNN}), so a client cannot forge log lines or write NUL bytes; the result is cut
 * to a bound and says how much was cut. Stateless.
 */
final class LogText {

  private LogText() {}

  /** {@code text} escaped and cut after {@code maxChars} input characters; "null" for null. */
  static String escape(CharSequence text, int maxChars) {
    if (text == null) {
      return "null";
    }
    int shown = Math.min(text.length(), maxChars);
    StringBuilder out = new StringBuilder(shown + 16);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append(c);
          } else if (c < 0x100) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    if (text.length() > shown) {
      out.append("...(").append(text.length() - shown).append(" more chars)");
    }
    return out.toString();
  }
}
