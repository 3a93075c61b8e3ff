package dev.pifleet.registry.manage;

import java.util.List;

/** The JSON answers of the device management endpoints. */
public final class Answers {

    private Answers() {
    }

    public record DeviceList(boolean success, List<DeviceView> devices) {
    }

    public record OneDevice(boolean success, DeviceView device) {
    }

    public record NewKey(boolean success, String apiKey) {
        @Override
        public String toString() {
            return "NewKey[apiKey=<redacted>]";
        }
    }

    public record Done(boolean success) {
        static final Done OK = new Done(true);
    }
}
