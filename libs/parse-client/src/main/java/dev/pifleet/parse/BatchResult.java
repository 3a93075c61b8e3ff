package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The outcome of one operation of a batch: either the stored object's fields or its Parse error. */
public record BatchResult(ObjectNode success, ParseException error) {

    public boolean succeeded() {
        return error == null;
    }

    /** The objectId a create returned, or null. */
    public String objectId() {
        return success == null ? null : success.path("objectId").asText(null);
    }

    /**
     * Counts the applied operations of a batch of updates or deletes. A row deleted meanwhile (101), by another
     * writer, needs nothing more; any other per-item error is thrown, so a loop over pages cannot spin on a row it
     * fails to change.
     */
    public static int countApplied(List<BatchResult> results) {
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
