package io.github.chunkstore.tools.cli;

import java.io.Closeable;
import java.lang.reflect.Method;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error when it is a terminal; nothing otherwise. */
final class Progress implements Closeable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code total} steps of {@code unit}, shown only if {@code wanted} and on a terminal. */
  static Progress start(String task, long total, String unit, boolean wanted) {
    if (!wanted || !interactive()) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUnit(" " + unit, 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .showSpeed()
            .build());
  }

  /** Advances the bar by {@code steps}. */
  void stepBy(long steps) {
    if (bar != null) {
      bar.stepBy(steps);
    }
  }

  /** Changes the text after the bar. */
  void message(String text) {
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** Whether there is a terminal to draw on: Console.isTerminal() from JDK 22, console() before. */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
