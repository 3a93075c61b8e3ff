package dev.pifleet.bench;

import java.io.IOException;

/** One kind of request the load generator repeats in a closed loop. */
interface Workload {

    /** Readings carried by one request. */
    int readingsPerRequest();

    /**
     * Sends one request on behalf of {@code device} and returns what the server acknowledged as stored.
     * A thrown exception means nothing was acknowledged.
     */
    Ack send(BenchDevice device) throws IOException, InterruptedException;

    /** Readings stored by this request, and readings the server said were already stored. */
    record Ack(int accepted, int duplicates) {
    }
}
