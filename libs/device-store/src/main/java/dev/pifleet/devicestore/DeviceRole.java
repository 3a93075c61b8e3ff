package dev.pifleet.devicestore;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a user holds a device: its owner, or through a share as an operator or a viewer. Each role grants a set of
 * {@link DeviceRight}s; {@link DeviceStore#require} answers 403 to a holder whose role lacks the right asked for.
 */
public enum DeviceRole {
    OWNER(EnumSet.allOf(DeviceRight.class)),
    OPERATOR(EnumSet.of(DeviceRight.VIEW, DeviceRight.OPERATE)),
    VIEWER(EnumSet.of(DeviceRight.VIEW));

    /** The roles a share can grant (the API's {@code role}); ownership is never shared. */
    public static final String SHARE_PATTERN = "viewer|operator";

    private final Set<DeviceRight> rights;

    DeviceRole(Set<DeviceRight> rights) {
        this.rights = rights;
    }

    public boolean grants(DeviceRight right) {
        return rights.contains(right);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeviceRole> fromWire(String wire) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(wire)).findFirst();
    }
}
