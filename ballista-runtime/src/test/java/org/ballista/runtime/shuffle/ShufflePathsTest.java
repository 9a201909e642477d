package org.ballista.runtime.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShufflePathsTest {
  private static final Path WORK = Path.of("/var/ballista/work");

  @Test
  void layoutIsJobStagePartitionTaskAttempt() {
    assertEquals(Path.of("/var/ballista/work/job-7/3/12/data-5-0.arrow"),
        ShufflePaths.dataFile(WORK, "job-7", 3, 12, 5, 0));
    assertEquals(Path.of("/var/ballista/work/job-7/3"), ShufflePaths.stageDir(WORK, "job-7", 3));
    assertEquals(Path.of("/var/ballista/work/job-7"), ShufflePaths.jobDir(WORK, "job-7"));
    assertEquals(Path.of("rel/j/0/0/data-0-0.arrow"), ShufflePaths.dataFile(Path.of("rel"), "j", 0, 0, 0, 0));
  }

  @Test
  void attemptsAndTasksNeverShareAFile() {
    Path a0 = ShufflePaths.dataFile(WORK, "j", 1, 2, 3, 0);
    assertNotEquals(a0, ShufflePaths.dataFile(WORK, "j", 1, 2, 3, 1));
    assertNotEquals(a0, ShufflePaths.dataFile(WORK, "j", 1, 2, 4, 0));
    assertNotEquals(ShufflePaths.dataFile(WORK, "j", 1, 2, 13, 0), ShufflePaths.dataFile(WORK, "j", 1, 2, 1, 30));
    assertTrue(a0.startsWith(ShufflePaths.jobDir(WORK, "j")));
  }

  @Test
  void rejectsIdsThatEscapeTheWorkDir() {
    for (String bad : new String[] {"..", ".", "", "a/b", "../x", "a b", null}) {
      assertThrows(IllegalArgumentException.class, () -> ShufflePaths.jobDir(WORK, bad), String.valueOf(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> ShufflePaths.dataFile(WORK, "j", -1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ShufflePaths.dataFile(WORK, "j", 0, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ShufflePaths.dataFile(WORK, "j", 0, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> ShufflePaths.dataFile(WORK, "j", 0, 0, 0, -1));
  }
}
