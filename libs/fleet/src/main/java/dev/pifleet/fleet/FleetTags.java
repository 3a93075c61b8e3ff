package dev.pifleet.fleet;

/** The owner's device labels, e.g. {@code greenhouse}: used to target fleet operations and filter the device list. */
public final class FleetTags {

    public static final int MAX_PER_DEVICE = 10;
    public static final String PATTERN = "^[a-z0-9][a-z0-9_-]{0,31}$";
    public static final String MESSAGE = "a tag is 1-32 of a-z 0-9 _ - starting with a letter or digit";

    private FleetTags() {
    }
}
