package dev.pifleet.ingest.write;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Group commit of items that a store writes in batches and refuses as duplicates when they were written before.
 * Parse Server is single-threaded: ~1,100 single creates/s, but several thousand objects/s through {@code /batch}.
 * So items from concurrent requests are gathered for up to {@code linger} or {@code batchSize} items into one
 * batch, with {@code maxInFlight} batches pipelined. Each request's future completes when all of ITS items are
 * stored or known to be duplicates; nothing is acknowledged before the store answered.
 * The queue is bounded in items ({@code queueCapacity}) and in their estimated bytes ({@code queueMaxBytes}):
 * a request that does not fit is refused at once ({@link QueueFullException}) rather than accepted.
 * Batches are sent without blocking a thread: one flusher thread gathers them, the store's answers settle requests.
 *
 * @param <T> what is written, e.g. a Parse create
 */
public final class GroupCommitWriter<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);

    /** Writes a batch; the stage completes with one result per item, in order, or fails as a whole. */
    @FunctionalInterface
    public interface BatchFunction<T> {
        CompletionStage<List<ItemResult>> write(List<T> batch);
    }

    /** What became of one item of a batch. */
    public sealed interface ItemResult {
        ItemResult STORED = new Stored();
        ItemResult DUPLICATE = new Duplicate();

        record Stored() implements ItemResult {
        }

        record Duplicate() implements ItemResult {
        }

        record Failed(RuntimeException error) implements ItemResult {
        }
    }

    /**
     * @param attempts tries per batch, counting retries of a batch that failed as a whole with a retryable error
     *     (safe when a resent item that did arrive comes back as a duplicate)
     */
    public record Settings(int batchSize, Duration linger, int maxInFlight, int queueCapacity, long queueMaxBytes,
            int attempts) {
    }

    /** The queue has no room for a request, in items or in bytes. */
    public static final class QueueFullException extends RuntimeException {
        QueueFullException() {
            super("the write queue is full", null, false, false);
        }
    }

    private final BatchFunction<T> store;
    private final ToLongFunction<T> sizeOf;
    private final Predicate<Throwable> retryable;
    private final Settings settings;
    private final LinkedBlockingQueue<Queued<T>> queue = new LinkedBlockingQueue<>();
    private final Semaphore queueSlots;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Semaphore batchesInFlight;
    private final DistributionSummary batchSizes;
    private final Timer latency;
    private volatile boolean running = true;
    private final Thread flusher;

    /**
     * Starts the flusher thread.
     *
     * @param name the metrics' prefix ({@code <name>.batch.size}, {@code .queue.depth} …) and the thread's name
     */
    public GroupCommitWriter(String name, BatchFunction<T> store, ToLongFunction<T> sizeOf,
            Predicate<Throwable> retryable, Settings settings, MeterRegistry metrics) {
        this.store = store;
        this.sizeOf = sizeOf;
        this.retryable = retryable;
        this.settings = settings;
        this.queueSlots = new Semaphore(settings.queueCapacity());
        this.batchesInFlight = new Semaphore(settings.maxInFlight());
        this.batchSizes = DistributionSummary.builder(name + ".batch.size")
                .description("Items per batch").register(metrics);
        this.latency = Timer.builder(name + ".parse.batch")
                .description("Batch round trips, retries included").publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge(name + ".queue.depth", queue, LinkedBlockingQueue::size);
        metrics.gauge(name + ".queue.bytes", queuedBytes, AtomicLong::get);
        this.flusher = Thread.ofPlatform().name(name + "-flusher").daemon().start(this::flushUntilStopped);
    }

    /**
     * Queues the items; the future completes once every one is stored or refused as a duplicate, or fails as soon
     * as one of them cannot be stored.
     *
     * @throws QueueFullException when the queue has no room for all of them, in items or in bytes
     */
    public CompletableFuture<WriteOutcome> write(List<T> items) {
        PendingRequest request = new PendingRequest(items.size());
        if (items.isEmpty()) {
            request.future.complete(new WriteOutcome(0, 0));
            return request.future;
        }
        if (!running || !queueSlots.tryAcquire(items.size())) {
            throw new QueueFullException();
        }
        long[] sizes = items.stream().mapToLong(sizeOf).toArray();
        if (!reserveBytes(LongStream.of(sizes).sum())) {
            queueSlots.release(items.size());
            throw new QueueFullException();
        }
        long queuedAt = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            queue.add(new Queued<>(items.get(i), sizes[i], request, queuedAt));
        }
        return request.future;
    }

    /** Sends what is queued, then waits (up to {@code timeout}) for the batches still at the store. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        running = false;
        try {
            flusher.join(timeout.toMillis());
            batchesInFlight.tryAcquire(settings.maxInFlight(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean reserveBytes(long bytes) {
        long before;
        do {
            before = queuedBytes.get();
            if (before + bytes > settings.queueMaxBytes()) {
                return false;
            }
        } while (!queuedBytes.compareAndSet(before, before + bytes));
        return true;
    }

    private void flushUntilStopped() {
        while (running || !queue.isEmpty()) {
            try {
                // Take a sending slot first: while all are busy, items pile up and the next batch leaves full.
                batchesInFlight.acquire();
                List<Queued<T>> batch = gatherBatch();
                if (batch.isEmpty()) {
                    batchesInFlight.release();
                    continue;
                }
                commit(batch);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                LOG.error("group commit flusher failed; continuing", unexpected);
            }
        }
    }

    private List<Queued<T>> gatherBatch() throws InterruptedException {
        List<Queued<T>> batch = new ArrayList<>(settings.batchSize());
        Queued<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        // The linger bounds how long an item waits for company: one that already waited for a free slot goes now.
        long deadline = first.queuedAt() + settings.linger().toNanos();
        while (batch.size() < settings.batchSize()) {
            long left = deadline - System.nanoTime();
            Queued<T> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Sends the batch; when the store has answered, settles each item's request and frees the batch's slots. */
    private void commit(List<Queued<T>> batch) {
        batchSizes.record(batch.size());
        Timer.Sample roundTrip = Timer.start();
        CompletableFuture<List<ItemResult>> stored = new CompletableFuture<>();
        send(batch.stream().map(Queued::item).toList(), 1, stored);
        stored.whenComplete((results, failure) -> {
            roundTrip.stop(latency);
            try {
                if (failure != null) {
                    LOG.warnf("a batch of %d items could not be stored: %s", batch.size(), failure.getMessage());
                    batch.forEach(queued -> queued.request().fail(failure));
                } else {
                    settle(batch, results);
                }
            } finally {
                queueSlots.release(batch.size());
                queuedBytes.addAndGet(-batch.stream().mapToLong(Queued::bytes).sum());
                batchesInFlight.release();
            }
        });
    }

    private static <T> void settle(List<Queued<T>> batch, List<ItemResult> results) {
        if (results.size() != batch.size()) {
            IllegalStateException mismatch = new IllegalStateException(
                    "the store answered " + results.size() + " results for " + batch.size() + " items");
            batch.forEach(queued -> queued.request().fail(mismatch));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            PendingRequest request = batch.get(i).request();
            switch (results.get(i)) {
                case ItemResult.Stored stored -> request.stored();
                case ItemResult.Duplicate duplicate -> request.duplicate();
                case ItemResult.Failed failed -> request.fail(failed.error());
            }
        }
    }

    /** {@code done} is completed directly, so its failure is the store's own exception. */
    private void send(List<T> items, int attempt, CompletableFuture<List<ItemResult>> done) {
        CompletionStage<List<ItemResult>> answer;
        try {
            answer = store.write(items);
        } catch (RuntimeException failed) {
            answer = CompletableFuture.failedFuture(failed);
        }
        answer.whenComplete((results, failure) -> {
            Throwable cause = unwrap(failure);
            if (cause == null) {
                done.complete(results);
            } else if (retryable.test(cause) && attempt < settings.attempts()) {
                CompletableFuture.delayedExecutor(25L * attempt, TimeUnit.MILLISECONDS)
                        .execute(() -> send(items, attempt + 1, done));
            } else {
                done.completeExceptionally(cause);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private record Queued<T>(T item, long bytes, PendingRequest request, long queuedAt) {
    }

    /** One request's items: the future completes when the last one is settled, or fails on the first failure. */
    private static final class PendingRequest {

        private final CompletableFuture<WriteOutcome> future = new CompletableFuture<>();
        private final AtomicInteger unsettled;
        private final AtomicInteger stored = new AtomicInteger();
        private final AtomicInteger duplicates = new AtomicInteger();

        PendingRequest(int items) {
            this.unsettled = new AtomicInteger(items);
        }

        void stored() {
            stored.incrementAndGet();
            settleOne();
        }

        void duplicate() {
            duplicates.incrementAndGet();
            settleOne();
        }

        void fail(Throwable failure) {
            future.completeExceptionally(failure);
            unsettled.decrementAndGet();
        }

        private void settleOne() {
            if (unsettled.decrementAndGet() == 0) {
                future.complete(new WriteOutcome(stored.get(), duplicates.get()));
            }
        }
    }
}
