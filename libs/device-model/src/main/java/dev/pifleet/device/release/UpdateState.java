package dev.pifleet.device.release;

/** The Pi's progress through one offer, as it reports it; the last three are final and carry a reason when not won. */
public enum UpdateState {
    DOWNLOADING("downloading"),
    VERIFYING("verifying"),
    INSTALLING("installing"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    ROLLED_BACK("rolled-back");

    private final String wireName;

    UpdateState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }

    /** The states as the contract writes them, for input rules. */
    public static final String PATTERN = "^(downloading|verifying|installing|succeeded|failed|rolled-back)$";

    public static UpdateState of(String wireName) {
        for (UpdateState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown update state " + wireName);
    }
}
