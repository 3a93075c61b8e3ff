package dev.pifleet.ingest.write;

/** What became of one request's creates: newly stored, or already stored before (a unique index said 137). */
public record WriteOutcome(int stored, int duplicates) {
}
