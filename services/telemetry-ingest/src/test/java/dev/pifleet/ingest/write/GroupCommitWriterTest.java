package dev.pifleet.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.ingest.write.GroupCommitWriter.ItemResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit's rules with a store in memory: batching, linger, in-flight limit, retries, bounds, draining. */
class GroupCommitWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A store whose batches wait until the test answers them. */
    private final List<PendingBatch> batches = new CopyOnWriteArrayList<>();
    private GroupCommitWriter<String> writer;

    @AfterEach
    void close() {
        if (writer != null) {
            batches.forEach(batch -> batch.answer.complete(stored(batch.items.size())));
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void itemsOfConcurrentRequestsShareOneBatchUpToItsSize() throws Exception {
        writer = writer(settings(3, Duration.ofSeconds(5), 1, 100), error -> false);
        CompletableFuture<WriteOutcome> first = writer.write(List.of("a", "b"));
        CompletableFuture<WriteOutcome> second = writer.write(List.of("c", "d"));

        PendingBatch batch = awaitBatch(0);
        assertThat(batch.items).containsExactly("a", "b", "c");
        batch.answer.complete(stored(3));
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(2, 0));
        assertThat(second).isNotDone();

        PendingBatch next = awaitBatch(1);
        assertThat(next.items).containsExactly("d");
        next.answer.complete(List.of(ItemResult.DUPLICATE));
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(1, 1));
    }

    @Test
    void aLoneItemLeavesAfterTheLingerWithoutCompany() throws Exception {
        writer = writer(settings(50, Duration.ofMillis(1), 1, 100), error -> false);
        CompletableFuture<WriteOutcome> alone = writer.write(List.of("x"));
        awaitBatch(0).answer.complete(stored(1));
        assertThat(alone.get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(1, 0));
    }

    @Test
    void noMoreBatchesThanTheInFlightLimitAreAtTheStoreAtOnce() throws Exception {
        writer = writer(settings(1, Duration.ZERO, 2, 100), error -> false);
        List<CompletableFuture<WriteOutcome>> writes = new ArrayList<>();
        for (String item : List.of("a", "b", "c", "d")) {
            writes.add(writer.write(List.of(item)));
        }
        awaitBatch(1);
        // The flusher takes a sending slot before it gathers a batch: parked on the in-flight limit (WAITING; a
        // poll of the queue is TIMED_WAITING) it cannot send a third one.
        awaitFlusherParked();
        assertThat(batches).hasSize(2);

        batches.get(0).answer.complete(stored(1));
        awaitBatch(2);
        batches.get(1).answer.complete(stored(1));
        awaitBatch(3).answer.complete(stored(1));
        batches.get(2).answer.complete(stored(1));
        for (CompletableFuture<WriteOutcome> write : writes) {
            assertThat(write.get(30, TimeUnit.SECONDS).stored()).isEqualTo(1);
        }
    }

    @Test
    void aBatchThatFailsWithARetryableErrorIsSentAgainUpToTheAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        writer = new GroupCommitWriter<>("test", batch -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new IllegalStateException("connection reset"))
                : CompletableFuture.completedFuture(stored(batch.size())),
                String::length, IllegalStateException.class::isInstance, settings(10, Duration.ZERO, 1, 100),
                new SimpleMeterRegistry());
        assertThat(writer.write(List.of("a")).get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(1, 0));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aNonRetryableFailureOrTooManyAttemptsFailsTheRequest() {
        AtomicInteger calls = new AtomicInteger();
        writer = new GroupCommitWriter<>("test", batch -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }, String::length, IllegalStateException.class::isInstance, settings(10, Duration.ZERO, 1, 100),
                new SimpleMeterRegistry());
        assertThatThrownBy(() -> writer.write(List.of("a")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void oneFailedItemFailsItsRequestOnly() throws Exception {
        writer = writer(settings(4, Duration.ofSeconds(5), 1, 100), error -> false);
        CompletableFuture<WriteOutcome> first = writer.write(List.of("a", "b"));
        CompletableFuture<WriteOutcome> second = writer.write(List.of("c", "d"));
        awaitBatch(0).answer.complete(List.of(ItemResult.STORED, new ItemResult.Failed(new IllegalArgumentException("bad")),
                ItemResult.STORED, ItemResult.STORED));
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(2, 0));
    }

    @Test
    void aRequestThatDoesNotFitIsRefusedAtOnceInItemsAndInBytes() {
        writer = writer(new GroupCommitWriter.Settings(1, Duration.ZERO, 1, 3, 10, 3), error -> false);
        assertThatThrownBy(() -> writer.write(List.of("a", "b", "c", "d")))
                .isInstanceOf(GroupCommitWriter.QueueFullException.class);
        assertThatThrownBy(() -> writer.write(List.of("0123456789x")))
                .isInstanceOf(GroupCommitWriter.QueueFullException.class);
        assertThat(writer.write(Collections.emptyList())).isCompletedWithValue(new WriteOutcome(0, 0));
    }

    @Test
    void closingSendsWhatIsQueuedAndWaitsForItsAnswers() throws Exception {
        writer = new GroupCommitWriter<>("test", batch -> CompletableFuture.supplyAsync(() -> stored(batch.size()),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)), String::length, error -> false,
                settings(2, Duration.ofMillis(10), 1, 100), new SimpleMeterRegistry());
        List<CompletableFuture<WriteOutcome>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(writer.write(List.of("item" + i)));
        }
        writer.close(WAIT);
        for (CompletableFuture<WriteOutcome> write : writes) {
            assertThat(write).isCompletedWithValue(new WriteOutcome(1, 0));
        }
        assertThatThrownBy(() -> writer.write(List.of("late"))).isInstanceOf(GroupCommitWriter.QueueFullException.class);
        writer = null;
    }

    private GroupCommitWriter<String> writer(GroupCommitWriter.Settings settings, Predicate<Throwable> retryable) {
        return new GroupCommitWriter<>("test", items -> {
            PendingBatch batch = new PendingBatch(List.copyOf(items), new CompletableFuture<>());
            batches.add(batch);
            return batch.answer;
        }, String::length, retryable, settings, new SimpleMeterRegistry());
    }

    private static GroupCommitWriter.Settings settings(int batchSize, Duration linger, int inFlight, int capacity) {
        return new GroupCommitWriter.Settings(batchSize, linger, inFlight, capacity, 1_000_000, 3);
    }

    private PendingBatch awaitBatch(int index) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (batches.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch " + index + " was never sent");
            }
            Thread.sleep(5);
        }
        return batches.get(index);
    }

    private static void awaitFlusherParked() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("test-flusher") && thread.getState() == Thread.State.WAITING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the flusher never waited for a sending slot");
            }
            Thread.sleep(5);
        }
    }

    private static List<ItemResult> stored(int items) {
        return Collections.nCopies(items, ItemResult.STORED);
    }

    private record PendingBatch(List<String> items, CompletableFuture<List<ItemResult>> answer) {
    }
}
