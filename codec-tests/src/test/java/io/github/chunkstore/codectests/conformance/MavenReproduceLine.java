package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.RandomizedContext;
import com.carrotsearch.randomizedtesting.RandomizedRunner;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Prints, for every failed randomized test, the Maven command that replays it with the same seed.
 * (Lucene's own note next to it names Gradle, which this project does not use.)
 */
public final class MavenReproduceLine extends RunListener {

  @Override
  public void testFailure(Failure failure) {
    Description description = failure.getDescription();
    StringBuilder line = new StringBuilder("REPRODUCE WITH: mvn -B -f codec-tests/pom.xml verify");
    String className = description.getClassName();
    line.append(" -Dtest=").append(className.substring(className.lastIndexOf('.') + 1));
    if (description.getMethodName() != null) {
      line.append(" -Dtests.method=").append(RandomizedRunner.methodName(description));
    }
    String seed = masterSeed(failure);
    if (seed != null) {
      line.append(" -Dtests.seed=").append(seed);
    }
    String luceneVersion = System.getProperty("chunkstore.tests.lucene.version");
    if (luceneVersion != null && !luceneVersion.isBlank()) {
      line.append(" -Dlucene.version=").append(luceneVersion);
    }
    System.err.println(line);
    System.err.flush();
  }

  private static String masterSeed(Failure failure) {
    try {
      return RandomizedContext.current().getRunnerSeedAsString();
    } catch (RuntimeException e) {
      // Not on a randomized thread: fall back to the seed chain the runner stamps on stack traces.
      String chain = RandomizedRunner.seedFromThrowable(failure.getException());
      if (chain == null) {
        return null;
      }
      String first = chain.replace("[", "").replace("]", "");
      int colon = first.indexOf(':');
      int comma = first.indexOf(',');
      int end = colon >= 0 ? colon : comma >= 0 ? comma : first.length();
      return first.substring(0, end).trim();
    }
  }
}
