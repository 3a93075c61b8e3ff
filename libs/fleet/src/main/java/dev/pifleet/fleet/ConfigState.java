package dev.pifleet.fleet;

import dev.pifleet.device.fleet.ConfigReport;

/** Where a device stands with its desired document, as the owner sees it. */
public enum ConfigState {
    /** The agent runs the desired version (or there is none to run). */
    APPLIED,
    /** The agent has not reported the desired version yet. */
    PENDING,
    /** The agent refused the desired version; the report's error says why. */
    REJECTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ConfigState of(long desiredVersion, ConfigReport reported) {
        if (reported != null && reported.version() == desiredVersion) {
            return reported.error() != null ? REJECTED : APPLIED;
        }
        return desiredVersion == 0 ? APPLIED : PENDING;
    }
}
