package dev.pifleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.parse.Pointer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Users and devices arranged directly in the real Parse Server, as the registry stores them. */
final class TestFleet {

    private TestFleet() {
    }

    static ParseUser newUser(ParseClient parse) {
        String name = "user-" + UUID.randomUUID();
        return parse.signUp(name, name + "@example.test", "password-" + UUID.randomUUID());
    }

    static TestDevice newDevice(ParseClient parse, ParseUser owner) {
        return newDevice(parse, owner, ApiKeys.generate());
    }

    static TestDevice newDevice(ParseClient parse, ParseUser owner, String apiKey) {
        return newDevice(parse, owner, apiKey, "pi-" + UUID.randomUUID());
    }

    static TestDevice newDevice(ParseClient parse, ParseUser owner, String apiKey, String deviceId) {
        String objectId = parse.create(ParseAuth.master(), DeviceClass.NAME, ParseFields.create()
                .set(DeviceClass.DEVICE_ID, deviceId)
                .set(DeviceClass.DEVICE_NAME, "test pi")
                .set(DeviceClass.OWNER, Pointer.user(owner.objectId()))
                .set(DeviceClass.API_KEY_HASH, ApiKeys.hash(apiKey))
                .acl(ParseAcl.ownerReadWrite(owner.objectId()))).objectId();
        return new TestDevice(objectId, deviceId, apiKey, owner);
    }

    /** Stores readings {@code r0..r(count-1)} one second apart from {@code first}, as the ingest stores them. */
    static void storeReadings(ParseClient parse, TestDevice device, int count, Instant first) {
        List<BatchOperation> creates = IntStream.range(0, count)
                .mapToObj(i -> BatchOperation.create(SensorLogRows.NAME, ParseFields.create()
                        .set(SensorLogRows.DEVICE, device.pointer())
                        .set(SensorLogRows.TIMESTAMP, first.plusSeconds(i))
                        .setObject(SensorLogRows.DATA, Map.of("i", i))
                        .set(SensorLogRows.READING_ID, "r" + i)
                        .acl(ParseAcl.ownerReadOnly(device.owner().objectId()))))
                .toList();
        for (int from = 0; from < count; from += 200) {
            parse.batch(ParseAuth.master(), creates.subList(from, Math.min(count, from + 200)))
                    .forEach(result -> assertThat(result.succeeded()).isTrue());
        }
    }

    static long storedReadings(ParseClient parse, TestDevice device) {
        return parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, device.pointer()));
    }

    record TestDevice(String objectId, String deviceId, String apiKey, ParseUser owner) {

        String authorization() {
            return "Device " + apiKey;
        }

        Pointer pointer() {
            return new Pointer(DeviceClass.NAME, objectId);
        }

        @Override
        public String toString() {
            return "TestDevice[" + deviceId + "]";
        }
    }
}
