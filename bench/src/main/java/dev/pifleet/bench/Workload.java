package dev.pifleet.bench;

import io.vertx.core.Future;

/** One kind of request the load generator repeats in a closed loop. */
interface Workload {

    /** Readings carried by one request. */
    int readingsPerRequest();

    /**
     * Sends one request on behalf of {@code device}; completes with what the server acknowledged as stored.
     * A failed future means nothing was acknowledged.
     */
    Future<Ack> send(BenchDevice device);

    /** Readings stored by this request, and readings the server said were already stored. */
    record Ack(int accepted, int duplicates) {
    }
}
