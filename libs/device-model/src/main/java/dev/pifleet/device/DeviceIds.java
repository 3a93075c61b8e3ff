package dev.pifleet.device;

/** The contract's device id: 3–128 characters of {@code A-Za-z0-9._:-} (the seed's SHA-256 hex ids fit). */
public final class DeviceIds {

    public static final String PATTERN = "^[A-Za-z0-9._:-]{3,128}$";
    public static final String RULE = "must be 3 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    private DeviceIds() {
    }
}
