package dev.pifleet.alerting.rule;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Reads of the registry's Device rows (read only: the registry owns them). */
@ApplicationScoped
public class OwnedDevices {

    private final ParseClient parse;

    OwnedDevices(ParseClient parse) {
        this.parse = parse;
    }

    /** The caller's device; 404 when absent, being purged or another user's, so existence is not leaked. */
    public ParseObject require(String userId, String deviceId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.DEVICE_ID, deviceId)
                        .equalTo(DeviceClass.OWNER, Pointer.user(userId))
                        .doesNotExist(DeviceClass.PURGE_REQUESTED_AT)
                        .keys(DeviceClass.DEVICE_ID, DeviceClass.DEVICE_NAME))
                .orElseThrow(() -> ApiException.notFound("no such device"));
    }

    /** Name and lastSeen of these Device rows (those that still exist). */
    public List<ParseObject> byObjectIds(Collection<String> objectIds) {
        if (objectIds.isEmpty()) {
            return List.of();
        }
        return parse.find(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).containedIn("objectId", objectIds)
                .keys(DeviceClass.DEVICE_ID, DeviceClass.DEVICE_NAME, DeviceClass.LAST_SEEN, DeviceClass.PURGE_REQUESTED_AT)
                .limit(objectIds.size()));
    }
}
