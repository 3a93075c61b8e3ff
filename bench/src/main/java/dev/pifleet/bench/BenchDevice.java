package dev.pifleet.bench;

/** A Device row the benchmark created, with the plaintext key it keeps only in memory. */
public record BenchDevice(String objectId, String deviceId, String ownerId, String apiKey, String apiKeyHash) {

    @Override
    public String toString() {
        return "BenchDevice[" + deviceId + "]";
    }
}
