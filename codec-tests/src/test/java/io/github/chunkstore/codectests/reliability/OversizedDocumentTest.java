package io.github.chunkstore.codectests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import io.github.chunkstore.codectests.support.ChildJvm;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A document over Chunkstore's size limit, whether made of many strings or of one binary value, is
 * refused with a message naming the limit, and the index stays usable ({@link
 * OversizedDocumentMain} has the cases). Really exceeding the limit means the writer buffering 2
 * GiB, so the cases run in a child JVM with a 4 GiB heap, and only on machines with 8 GiB of memory
 * or more.
 */
class OversizedDocumentTest {

  private static final long NEEDED_MEMORY = 8L << 30;

  @Test
  void documentsOverTheLimitAreRefusedAndTheIndexStaysUsable() throws Exception {
    long memory =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    Assumptions.assumeTrue(
        memory >= NEEDED_MEMORY,
        () -> "needs 8 GiB of memory, this machine has " + (memory >> 20) + " MiB");
    ChildJvm.Result child =
        ChildJvm.run(ChildJvm.testClasspath(), "4g", OversizedDocumentMain.class, List.of(), 600);
    child.echo("oversized");
    assertEquals(0, child.exitCode(), () -> "child failed:\n" + child.output());
    assertTrue(child.output().contains("ALL OK"), () -> "child output:\n" + child.output());
  }
}
