package dev.pifleet.ingest.write;

import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.service.ApiException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Group commit of creates whose duplicates a unique index refuses (SensorLog rows with a readingId).
 * Parse Server is single-threaded: ~1,100 single creates/s, but several thousand objects/s through {@code /batch}.
 * So creates from concurrent requests are gathered for up to {@code linger} or {@code batch-size} items
 * into one {@code /batch}, with {@code max-in-flight} batches pipelined. Each request's future completes
 * when all of ITS items are stored or known to be duplicates; nothing is acknowledged before Parse answered.
 * The queue is bounded in readings ({@code queue-capacity}) and in their estimated bytes ({@code queue-max-bytes},
 * see {@link JsonSize}): a request that does not fit is refused at once with 503 rather than accepted.
 * Batches are sent without blocking a thread: one flusher thread gathers them, Parse's answers settle the requests.
 */
@ApplicationScoped
public class GroupCommitWriter {

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);

    private final ParseClient parse;
    private final IngestConfig.GroupCommit settings;
    private final LinkedBlockingQueue<QueuedCreate> queue = new LinkedBlockingQueue<>();
    private final Semaphore queueSlots;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Semaphore batchesInFlight;
    private final DistributionSummary batchSizes;
    private final Timer parseLatency;
    private volatile boolean running = true;
    private Thread flusher;

    GroupCommitWriter(ParseClient parse, IngestConfig config, MeterRegistry metrics) {
        this.parse = parse;
        this.settings = config.groupCommit();
        this.queueSlots = new Semaphore(settings.queueCapacity());
        this.maxQueuedBytes = settings.queueMaxBytes().asLongValue();
        this.batchesInFlight = new Semaphore(settings.maxInFlight());
        this.batchSizes = DistributionSummary.builder("pifleet.ingest.batch.size")
                .description("Readings per Parse /batch").register(metrics);
        this.parseLatency = Timer.builder("pifleet.ingest.parse.batch")
                .description("Parse /batch round trips, retries included").publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("pifleet.ingest.queue.depth", queue, LinkedBlockingQueue::size);
        metrics.gauge("pifleet.ingest.queue.bytes", queuedBytes, AtomicLong::get);
    }

    void start(@Observes StartupEvent started) {
        flusher = Thread.ofPlatform().name("group-commit-flusher").daemon().start(this::flushUntilStopped);
    }

    /** Sends what is queued, then waits (up to the write timeout) for the batches still at Parse. */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        flusher.join(settings.writeTimeout().toMillis());
        batchesInFlight.tryAcquire(settings.maxInFlight(), settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Queues the creates; the future completes once every one is stored or refused as a duplicate, or fails
     * (e.g. with {@link ParseUnavailableException}) as soon as one of them cannot be stored.
     *
     * @throws ApiException 503 when the queue has no room for all of them, in readings or in bytes
     */
    public CompletableFuture<WriteOutcome> write(List<BatchOperation> creates) {
        PendingRequest request = new PendingRequest(creates.size());
        if (creates.isEmpty()) {
            request.future.complete(new WriteOutcome(0, 0));
            return request.future;
        }
        if (!running || !queueSlots.tryAcquire(creates.size())) {
            throw queueFull();
        }
        long[] sizes = creates.stream().mapToLong(create -> JsonSize.of(create.body())).toArray();
        if (!reserveBytes(LongStream.of(sizes).sum())) {
            queueSlots.release(creates.size());
            throw queueFull();
        }
        long queuedAt = System.nanoTime();
        for (int i = 0; i < creates.size(); i++) {
            queue.add(new QueuedCreate(creates.get(i), sizes[i], request, queuedAt));
        }
        return request.future;
    }

    private boolean reserveBytes(long bytes) {
        long before;
        do {
            before = queuedBytes.get();
            if (before + bytes > maxQueuedBytes) {
                return false;
            }
        } while (!queuedBytes.compareAndSet(before, before + bytes));
        return true;
    }

    private ApiException queueFull() {
        return ApiException.unavailable("too many readings are waiting to be stored; retry later", settings.retryAfter());
    }

    private void flushUntilStopped() {
        while (running || !queue.isEmpty()) {
            try {
                // Take a sending slot first: while all are busy, readings pile up and the next batch leaves full.
                batchesInFlight.acquire();
                List<QueuedCreate> batch = gatherBatch();
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

    private List<QueuedCreate> gatherBatch() throws InterruptedException {
        List<QueuedCreate> batch = new ArrayList<>(settings.batchSize());
        QueuedCreate first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        // The linger bounds how long a reading waits for company: one that already waited for a free slot goes now.
        long deadline = first.queuedAt() + settings.linger().toNanos();
        while (batch.size() < settings.batchSize()) {
            long left = deadline - System.nanoTime();
            QueuedCreate next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Sends the batch; when Parse has answered, settles each item's request and frees the batch's slots. */
    private void commit(List<QueuedCreate> batch) {
        batchSizes.record(batch.size());
        Timer.Sample roundTrip = Timer.start();
        CompletableFuture<List<BatchResult>> stored = new CompletableFuture<>();
        store(batch.stream().map(QueuedCreate::create).toList(), 1, stored);
        stored.whenComplete((results, failure) -> {
            roundTrip.stop(parseLatency);
            try {
                if (failure != null) {
                    LOG.warnf("a batch of %d readings could not be stored: %s", batch.size(), failure.getMessage());
                    batch.forEach(queued -> queued.request().fail(failure));
                } else {
                    settle(batch, results);
                }
            } finally {
                queueSlots.release(batch.size());
                queuedBytes.addAndGet(-batch.stream().mapToLong(QueuedCreate::bytes).sum());
                batchesInFlight.release();
            }
        });
    }

    private static void settle(List<QueuedCreate> batch, List<BatchResult> results) {
        for (int i = 0; i < batch.size(); i++) {
            BatchResult result = results.get(i);
            PendingRequest request = batch.get(i).request();
            if (result.succeeded()) {
                request.stored();
            } else if (result.error() instanceof ParseException.DuplicateValueException) {
                request.duplicate();
            } else {
                request.fail(result.error());
            }
        }
    }

    /**
     * One non-transactional {@code /batch}: each create is applied on its own and a duplicate comes back as its
     * own 137 (see ParseClient.batch for why Parse's transactions are not used). A retry after a broken
     * connection is safe: every create carries a readingId, so a create that did reach Parse comes back as a
     * duplicate, not as a second row. Parse closes keep-alive connections after any 500, so the next request
     * on a pooled connection may fail without having reached it. {@code stored} is completed directly, so its
     * failure is Parse's own exception.
     */
    private void store(List<BatchOperation> creates, int attempt, CompletableFuture<List<BatchResult>> stored) {
        parse.batchAsync(ParseAuth.master(), creates).whenComplete((results, failure) -> {
            if (failure == null) {
                stored.complete(results);
            } else if (failure instanceof ParseUnavailableException && attempt < settings.attempts()) {
                CompletableFuture.delayedExecutor(25L * attempt, TimeUnit.MILLISECONDS)
                        .execute(() -> store(creates, attempt + 1, stored));
            } else {
                stored.completeExceptionally(failure);
            }
        });
    }

    private record QueuedCreate(BatchOperation create, long bytes, PendingRequest request, long queuedAt) {
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
