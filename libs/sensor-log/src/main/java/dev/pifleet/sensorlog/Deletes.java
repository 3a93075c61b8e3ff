package dev.pifleet.sensorlog;

import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseException;
import java.util.List;

final class Deletes {

    private Deletes() {
    }

    /**
     * Counts the applied deletes. A row deleted meanwhile (101), by another replica's job, needs nothing more; any
     * other per-item error is thrown, so a loop over pages cannot spin on a row it fails to delete.
     */
    static int requireApplied(List<BatchResult> results) {
        int applied = 0;
        for (BatchResult result : results) {
            if (result.succeeded()) {
                applied++;
            } else if (!(result.error() instanceof ParseException.ObjectNotFoundException)) {
                throw result.error();
            }
        }
        return applied;
    }
}
