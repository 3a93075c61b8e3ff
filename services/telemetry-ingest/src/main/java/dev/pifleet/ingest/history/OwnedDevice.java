package dev.pifleet.ingest.history;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller's device by its public deviceId: its Parse objectId, or 404 so that another's device is not revealed. */
@ApplicationScoped
public class OwnedDevice {

    private final ParseClient parse;

    OwnedDevice(ParseClient parse) {
        this.parse = parse;
    }

    public String objectId(String userId, String deviceId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.DEVICE_ID, deviceId)
                        .equalTo(DeviceClass.OWNER, Pointer.user(userId))
                        .keys(DeviceClass.DEVICE_ID))
                .orElseThrow(() -> ApiException.notFound("no such device"))
                .objectId();
    }
}
