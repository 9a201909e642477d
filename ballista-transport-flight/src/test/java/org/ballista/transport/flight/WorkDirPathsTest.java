package org.ballista.transport.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkDirPathsTest {
  private final Path work = Path.of("/tmp/work");

  @Test
  void resolvesRelativePathsInside() {
    assertEquals(Path.of("/tmp/work/job/1/0/data-0-0.arrow"), WorkDirPaths.resolve(work, "job/1/0/data-0-0.arrow"));
    assertEquals(Path.of("/tmp/work/job/x.arrow"), WorkDirPaths.resolve(work, "job/./x.arrow"));
  }

  @Test
  void rejectsEscapes() {
    for (String bad : new String[] {"", "/etc/passwd", "..", "../x", "job/../../x", "job/..", "a\\b", "a\0b", ".",
        "job/.."}) {
      assertThrows(IllegalArgumentException.class, () -> WorkDirPaths.resolve(work, bad), bad);
    }
  }

  @Test
  void plainSegments() {
    assertTrue(WorkDirPaths.isPlainSegment("job-1"));
    for (String bad : new String[] {"", ".", "..", "a/b", "a\\b"}) {
      assertFalse(WorkDirPaths.isPlainSegment(bad), bad);
    }
  }
}
