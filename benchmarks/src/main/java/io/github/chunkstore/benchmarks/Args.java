package io.github.chunkstore.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, checked against the names a command knows. */
final class Args {

  private final Map<String, String> values = new LinkedHashMap<>();

  private Args() {}

  /**
   * Parses {@code args}; {@code flags} take no value (their value is "true").
   *
   * @throws IllegalArgumentException for an unknown option or a missing value
   */
  static Args parse(String[] args, Set<String> options, Set<String> flags) {
    Args parsed = new Args();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      String value = null;
      if (name != null && name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      }
      if (name == null || !(options.contains(name) || flags.contains(name))) {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "' (--help lists the options)");
      }
      if (flags.contains(name)) {
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      parsed.values.put(name, value);
    }
    return parsed;
  }

  String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  int intValue(String name, int defaultValue, int min) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min) {
        throw new IllegalArgumentException(
            "--" + name + " must be at least " + min + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
    }
  }

  double doubleValue(String name, double defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed > 0)) {
        throw new IllegalArgumentException("--" + name + " must be positive, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + value + "'");
    }
  }

  /** A comma-separated list. */
  List<String> list(String name, String defaultValue) {
    return List.of(get(name, defaultValue).split(",")).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
