package dev.pifleet.registry.claim;

/** The seed's {@code {success, apiKey}}, plus the deviceId the key belongs to. */
public record RegisterAnswer(boolean success, String deviceId, String apiKey) {

    @Override
    public String toString() {
        return "RegisterAnswer[deviceId=" + deviceId + ", apiKey=<redacted>]";
    }
}
