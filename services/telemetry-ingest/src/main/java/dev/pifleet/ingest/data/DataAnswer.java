package dev.pifleet.ingest.data;

/** Sent only once the readings are stored: {@code accepted} new ones, {@code duplicates} already stored before. */
public record DataAnswer(boolean success, int accepted, int duplicates) {
}
