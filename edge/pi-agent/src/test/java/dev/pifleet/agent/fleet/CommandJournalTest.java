package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.fleet.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJournalTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void anIdIsRecordedOnDiskBeforeItRunsAndNeverRunsAgainAlsoAfterARestart() throws Exception {
        CommandJournal journal = new CommandJournal(stateDir);

        assertThat(journal.record("c1", "read-sensors", NOW)).isTrue();
        assertThat(journal.record("c1", "read-sensors", NOW)).isFalse();
        Path file = stateDir.resolve(CommandJournal.FILE_NAME);
        assertThat(Files.readString(file)).contains("\"c1\"").contains("\"running\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(new CommandJournal(stateDir).record("c1", "read-sensors", NOW)).isFalse();
    }

    @Test
    void eightAtOnceForOneIdOneRunsForSeveralRounds() throws Exception {
        CommandJournal journal = new CommandJournal(stateDir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "round-" + round;
                List<Callable<Boolean>> takers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    takers.add(() -> journal.record(id, "upload-now", NOW));
                }
                int winners = 0;
                for (Future<Boolean> taken : pool.invokeAll(takers)) {
                    winners += taken.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aResultWaitsUntilAcknowledgedAlsoOverARestart() {
        CommandJournal journal = new CommandJournal(stateDir);
        journal.record("c1", "upload-now", NOW);
        journal.finish("c1", new CommandResult("succeeded", Map.of("uploaded", 3, "backlog", 0), null), NOW);

        CommandJournal restarted = new CommandJournal(stateDir);
        assertThat(restarted.unacknowledged()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome().state()).isEqualTo("succeeded");
            assertThat(entry.outcome().result()).containsEntry("uploaded", 3).containsEntry("backlog", 0);
        });

        restarted.acknowledged("c1");
        assertThat(new CommandJournal(stateDir).unacknowledged()).isEmpty();
        assertThat(new CommandJournal(stateDir).record("c1", "upload-now", NOW)).isFalse();
    }

    @Test
    void afterARestartARunningCommandFailsAsInterruptedButRestartAgentSucceeds() {
        CommandJournal journal = new CommandJournal(stateDir);
        journal.record("c1", "upload-now", NOW);
        journal.record("c2", "restart-agent", NOW);
        journal.record("c3", "read-sensors", NOW);
        journal.finish("c3", new CommandResult("succeeded", Map.of(), null), NOW);

        CommandJournal restarted = new CommandJournal(stateDir);
        assertThat(restarted.recoverAfterRestart(NOW.plusSeconds(9))).extracting(CommandJournal.Entry::id)
                .containsExactly("c1", "c2");

        assertThat(restarted.get("c1").orElseThrow().outcome())
                .isEqualTo(new CommandResult("failed", null, "interrupted by a restart"));
        assertThat(restarted.get("c2").orElseThrow().outcome().state()).isEqualTo("succeeded");
        assertThat(restarted.get("c2").orElseThrow().outcome().result()).containsKey("restartedAt");
        assertThat(restarted.unacknowledged()).extracting(CommandJournal.Entry::id).containsExactly("c1", "c2", "c3");
        assertThat(restarted.recoverAfterRestart(NOW.plusSeconds(10))).isEmpty();
    }

    @Test
    void onlyTheNewestAcknowledgedEntriesAreKept() {
        CommandJournal journal = new CommandJournal(stateDir);
        int total = CommandJournal.KEEP_ACKNOWLEDGED + 5;
        for (int i = 0; i < total; i++) {
            journal.record("c" + i, "read-sensors", NOW);
            journal.finish("c" + i, new CommandResult("succeeded", null, null), NOW);
            journal.acknowledged("c" + i);
        }
        journal.record("pending", "upload-now", NOW);

        CommandJournal reopened = new CommandJournal(stateDir);
        assertThat(reopened.recent(1000)).hasSize(CommandJournal.KEEP_ACKNOWLEDGED + 1);
        assertThat(reopened.get("c0")).isEmpty();
        assertThat(reopened.get("c" + (total - 1))).isPresent();
        assertThat(reopened.get("pending")).isPresent();
    }
}
