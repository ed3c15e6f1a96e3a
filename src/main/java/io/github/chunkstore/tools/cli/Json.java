package io.github.chunkstore.tools.cli;

/** The little JSON writing the tool needs. */
final class Json {

  private Json() {}

  /** Appends {@code s} as a JSON string. */
  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /** Appends a floating-point number; NaN and infinities, which JSON lacks, as strings. */
  static StringBuilder number(StringBuilder sb, double value, String text) {
    return Double.isFinite(value) ? sb.append(text) : string(sb, text);
  }
}
