package dev.pifleet.bench;

/** A workload whose every request carries the same number of readings. */
abstract class BatchWorkload implements Workload {

    final int batchSize;

    BatchWorkload(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public final int readingsPerRequest() {
        return batchSize;
    }
}
