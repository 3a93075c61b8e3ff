package dev.pifleet.device.pairing;

import java.time.Instant;

/** What the registry answers the agent's two pairing calls. */
public final class PairingAnswers {

    private PairingAnswers() {
    }

    /** {@code POST /api/device/claim-code}: the code in display form and when it stops working. */
    public record ClaimCodeAnswer(boolean success, String code, Instant expiresAt) {
    }

    /**
     * {@code POST /api/device/credentials}: {@code paired=false} until a user has claimed the code; then the device's
     * new key, which this answer is the only place to see.
     */
    public record CredentialsAnswer(boolean success, boolean paired, String deviceId, String deviceName, String apiKey) {

        public static CredentialsAnswer notYet() {
            return new CredentialsAnswer(true, false, null, null, null);
        }

        @Override
        public String toString() {
            return "CredentialsAnswer[paired=" + paired + ", deviceId=" + deviceId + ", apiKey=<redacted>]";
        }
    }
}
