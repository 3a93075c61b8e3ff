package dev.pifleet.service;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a personal API token ({@code pft_…}) may do (docs/security.md, "Personal API tokens"). A session may do all of
 * it; pairing, account deletion and token management need a session whatever the token's scopes.
 */
public enum ApiScope {
    /** Devices, readings, series, CSV and alerts: every read. */
    READ("read"),
    /** Rename, tags, config, commands, key rotation. */
    DEVICES("devices"),
    /** Alert rules. */
    ALERTS("alerts");

    /** The scopes' names, for request validation: one alternation, so a new scope changes only this enum. */
    public static final String PATTERN = "read|devices|alerts";

    private final String wireName;

    ApiScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ApiScope> of(String wireName) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(wireName)).findFirst();
    }

    public static List<String> allNames() {
        return Arrays.stream(values()).map(ApiScope::wireName).toList();
    }
}
