package dev.pifleet.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs calls at the same moment, for race tests: every call waits on one latch on its own thread, the latch opens,
 * and the answers come back in call order. A race test that sends its requests one by one proves nothing.
 */
public final class AtOnce {

    private static final long TIMEOUT_MINUTES = 2;

    private AtOnce() {
    }

    /** {@code count} calls of {@code call(i)}, released together; their results in order of {@code i}. */
    public static <T> List<T> run(int count, IntFunction<T> call) {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT_MINUTES, TimeUnit.MINUTES));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel calls", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a parallel call failed", e);
        } finally {
            threads.shutdownNow();
        }
    }
}
