package dev.pifleet.device;

/** The Parse class {@code Device} (schema: parse-server/schema.js). */
public final class DeviceClass {

    public static final String NAME = "Device";
    public static final String DEVICE_ID = "deviceId";
    public static final String DEVICE_NAME = "name";
    public static final String OWNER = "owner";
    public static final String API_KEY_HASH = "apiKeyHash";
    public static final String STATUS = "status";
    public static final String LAST_SEEN = "lastSeen";
    /** Set on devices paired by deviceId alone (the seed's flow); unique. */
    public static final String LEGACY_DEVICE_ID = "legacyDeviceId";
    /** Set on devices paired by claim code: the public key of the agent that proved possession; unique. */
    public static final String AGENT_KEY = "agentKey";
    /** The claim that bound the device to its owner; unique, so one code is redeemed once. */
    public static final String CLAIM_ID = "claimId";
    /** Set on a device being purged: it is no one's device any more; its readings are being deleted. */
    public static final String PURGE_REQUESTED_AT = "purgeRequestedAt";
    /** How many times the device's key changed; each change claims the next generation once (registry's OnceKey). */
    public static final String KEY_GENERATION = "keyGeneration";
    /**
     * When the key last changed (written with each new generation): the ingest's key cache watches it, so it may keep
     * a key for long and still drop it within about a second of a change.
     */
    public static final String KEY_CHANGED_AT = "keyChangedAt";
    /** The owner's labels for fleet operations (an Array of strings). */
    public static final String TAGS = "tags";

    private DeviceClass() {
    }
}
