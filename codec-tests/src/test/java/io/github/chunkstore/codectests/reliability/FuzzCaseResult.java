package io.github.chunkstore.codectests.reliability;

import io.github.chunkstore.codectests.support.IndexVerification;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How one damaged-index case of the corruption fuzz ended.
 *
 * @param outcome {@code correct}, the simple name of the {@link IOException} raised, or a failure:
 *     {@code wrong document}, {@code unexpected <exception>}, {@code out of memory}, {@code hang},
 *     {@code undetected damage}
 * @param stage where it ended: open, read, merge-read, check-integrity (none when correct)
 * @param failed whether the outcome breaks the contract
 * @param detail what to print for a failure (message and stack trace)
 */
record FuzzCaseResult(String outcome, String stage, boolean failed, String detail) {

  static final String CORRECT = "correct";
  static final String WRONG_DOCUMENT = "wrong document";
  static final String HANG = "hang";
  static final String UNDETECTED = "undetected damage";

  static FuzzCaseResult correct() {
    return new FuzzCaseResult(CORRECT, "none", false, "");
  }

  /** Classifies what a stage threw: IOExceptions are the contract, anything else a failure. */
  static FuzzCaseResult thrown(String stage, Throwable t) {
    if (t instanceof IOException) {
      return new FuzzCaseResult(t.getClass().getSimpleName(), stage, false, "");
    }
    String outcome;
    if (t instanceof OutOfMemoryError) {
      outcome = "out of memory";
    } else if (t instanceof AssertionError && thrownBy(t, IndexVerification.class)) {
      outcome = WRONG_DOCUMENT;
    } else {
      outcome = "unexpected " + t.getClass().getSimpleName();
    }
    return new FuzzCaseResult(outcome, stage, true, stackTrace(t));
  }

  static FuzzCaseResult hang(String stage, StackTraceElement[] stack) {
    StringBuilder sb = new StringBuilder("still running; its stack:\n");
    for (StackTraceElement frame : stack) {
      sb.append("\tat ").append(frame).append('\n');
    }
    return new FuzzCaseResult(HANG, stage, true, sb.toString());
  }

  static FuzzCaseResult undetected() {
    return new FuzzCaseResult(
        UNDETECTED, "check-integrity", true, "every stage passed on a changed file");
  }

  /** True for the verification's own mismatch reports, false for an assert inside a reader. */
  private static boolean thrownBy(Throwable t, Class<?> owner) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length > 0 && stack[0].getClassName().equals(owner.getName());
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
