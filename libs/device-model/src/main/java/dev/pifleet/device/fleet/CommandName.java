package dev.pifleet.device.fleet;

import java.util.Arrays;
import java.util.Optional;

/** The commands an owner can send to a Pi, by their wire names. */
public enum CommandName {
    /** Flush the reading buffer now. */
    UPLOAD_NOW("upload-now"),
    /** Read every sensor now; the values are the result. */
    READ_SENSORS("read-sensors"),
    RESTART_AGENT("restart-agent"),
    /** The agent collects a new API key with a request signed by its Ed25519 key; the old key stops working. */
    ROTATE_KEY("rotate-key"),
    /** The agent forgets its key and shows a claim code again. */
    UNPAIR("unpair");

    public static final String PATTERN = "^(upload-now|read-sensors|restart-agent|rotate-key|unpair)$";

    private final String wireName;

    CommandName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CommandName> fromWire(String name) {
        return Arrays.stream(values()).filter(command -> command.wireName.equals(name)).findFirst();
    }
}
