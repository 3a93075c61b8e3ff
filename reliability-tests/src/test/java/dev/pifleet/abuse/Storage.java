package dev.pifleet.abuse;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.device.SensorLogClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Parse holds, as far as a refused request could have changed it: the rows of every class, counted with the
 * master key, and the fields of the first user's device that a request could overwrite.
 */
record Storage(Map<String, Long> rows, String targetDevice) {

    /** Every class the services write; {@code AgentClaim} is the pairing-by-code class being added. */
    static final List<String> CLASSES = List.of("_User", "_Session", DeviceClass.NAME, SensorLogClass.NAME, "AgentClaim");

    static Storage read(ParseClient parse, AbuseStack stack) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String className : CLASSES) {
            rows.put(className, parse.count(ParseAuth.master(), ParseQuery.of(className)));
        }
        String device = parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.DEVICE_ID, stack.alice().deviceId())
                        .keys(DeviceClass.DEVICE_NAME, DeviceClass.OWNER, DeviceClass.API_KEY_HASH, "ACL"))
                .map(row -> row.get(DeviceClass.DEVICE_NAME) + " " + row.get(DeviceClass.OWNER) + " "
                        + row.get(DeviceClass.API_KEY_HASH).asText().hashCode() + " " + row.get("ACL"))
                .orElse("absent");
        return new Storage(rows, device);
    }
}
