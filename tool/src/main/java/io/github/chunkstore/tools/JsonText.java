package io.github.chunkstore.tools;

import java.util.Locale;

/**
 * Writes JSON string literals and numbers, the little JSON the benchmark's report and the {@code
 * chunkstore} tool print (no library for it).
 */
public final class JsonText {

  private JsonText() {}

  /**
   * Appends {@code s} as a JSON string literal, quotes and control characters escaped.
   *
   * @return {@code out}
   */
  public static StringBuilder appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"');
  }

  /**
   * Appends a floating-point number as Java prints it ({@link Double#toString}, or {@link
   * Float#toString} for a float); NaN and the infinities, which JSON lacks, as strings.
   *
   * @return {@code out}
   */
  public static StringBuilder appendNumber(StringBuilder out, Number value) {
    double d = value.doubleValue();
    return Double.isFinite(d) ? out.append(value) : appendString(out, value.toString());
  }
}
