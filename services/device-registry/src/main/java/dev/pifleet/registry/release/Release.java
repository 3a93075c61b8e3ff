package dev.pifleet.registry.release;

import java.time.Instant;

/** A published release as the API shows it. */
public record Release(String version, String sha256, long size, String url, String signature, String keyId,
        String notes, Instant publishedAt) {
}
