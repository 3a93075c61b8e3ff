package dev.pifleet.registry.manage;

import dev.pifleet.fleet.DeviceView;
import java.util.List;

/** The JSON answers of the device management endpoints. */
public final class Answers {

    private Answers() {
    }

    public record DeviceList(boolean success, List<DeviceView> devices) {
    }

    public record OneDevice(boolean success, DeviceView device) {
    }

    /** {@code apiKey} is null for a Pi paired by code: it collects its new key itself ({@code collectedByPi}). */
    public record NewKey(boolean success, String apiKey, boolean collectedByPi) {
        @Override
        public String toString() {
            return "NewKey[apiKey=<redacted>, collectedByPi=" + collectedByPi + "]";
        }
    }

    public record Done(boolean success) {
        public static final Done OK = new Done(true);
    }
}
