package dev.pifleet.devicestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.service.ApiException;
import dev.pifleet.testing.AtOnce;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Device class's one store against the project's real Parse Server on a fresh PostgreSQL database. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class DeviceStoreTest {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 3;

    @Inject
    DeviceStore devices;

    @Inject
    ParseClient parse;

    @Test
    void theOwnerGetsTheirDeviceWithEveryRightAndAnotherUserGets404() {
        String alice = newUser();
        String bob = newUser();
        String deviceId = newDevice(alice, ApiKeys.hash(ApiKeys.generate()));

        for (DeviceRight right : DeviceRight.values()) {
            StoredDevice device = devices.require(alice, deviceId, right);
            assertThat(device.deviceId()).isEqualTo(deviceId);
            assertThat(device.ownerId()).isEqualTo(alice);
            assertThat(device.purging()).isFalse();
            assertNotFound(() -> devices.require(bob, deviceId, right));
        }
        assertNotFound(() -> devices.require(alice, "no-such-" + deviceId, DeviceRight.VIEW));
    }

    @Test
    void aDeviceBeingPurgedIsNoOnesByItsOldIdOrItsPurgingName() {
        String alice = newUser();
        String keyHash = ApiKeys.hash(ApiKeys.generate());
        String deviceId = newDevice(alice, keyHash);
        StoredDevice device = devices.require(alice, deviceId, DeviceRight.OWN);

        devices.markForPurge(device, Instant.now());

        // One rule for every service: the purge mark decides, not the renamed deviceId (which is a valid deviceId).
        for (DeviceRight right : DeviceRight.values()) {
            assertNotFound(() -> devices.require(alice, deviceId, right));
            assertNotFound(() -> devices.require(alice, "purging:" + device.objectId(), right));
        }
        assertThat(devices.findByKeyHash(keyHash)).isEmpty();
        assertThat(devices.listOwned(alice, null)).isEmpty();
        assertThat(devices.countOwned(alice)).isZero();
        assertThat(devices.devicesToPurge()).contains(device.objectId());
        assertThat(devices.byObjectIds(List.of(device.objectId()))).singleElement()
                .satisfies(purging -> assertThat(purging.purging()).isTrue());
    }

    @Test
    void theKeyHashFindsItsDeviceUntilTheKeyIsRevoked() {
        String alice = newUser();
        String keyHash = ApiKeys.hash(ApiKeys.generate());
        String deviceId = newDevice(alice, keyHash);

        StoredDevice found = devices.findByKeyHash(keyHash).orElseThrow();
        assertThat(found.deviceId()).isEqualTo(deviceId);
        assertThat(found.ownerId()).isEqualTo(alice);
        assertThat(devices.findByKeyHash(ApiKeys.hash(ApiKeys.generate()))).isEmpty();

        assertThat(devices.changeKey(found, null)).isTrue();
        assertThat(devices.findByKeyHash(keyHash)).isEmpty();
    }

    @Test
    void markSeenWritesOnlineAndLastSeenAndReportsADeletedRow() {
        String alice = newUser();
        String deviceId = newDevice(alice, ApiKeys.hash(ApiKeys.generate()));
        StoredDevice device = devices.require(alice, deviceId, DeviceRight.VIEW);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(devices.markSeen(device.objectId(), now)).isTrue();
        StoredDevice seen = devices.require(alice, deviceId, DeviceRight.VIEW);
        assertThat(seen.status()).isEqualTo("online");
        assertThat(seen.lastSeen()).isEqualTo(now);

        devices.delete(device.objectId());
        assertThat(devices.markSeen(device.objectId(), now)).isFalse();
    }

    @Test
    void eightKeyChangesOfOneGenerationAtOnceHaveOneWinnerWhoseKeyIsStored() {
        String alice = newUser();
        String deviceId = newDevice(alice, ApiKeys.hash(ApiKeys.generate()));
        for (int round = 0; round < ROUNDS; round++) {
            StoredDevice read = devices.require(alice, deviceId, DeviceRight.OWN);
            List<String> hashes = IntStream.range(0, AT_ONCE).mapToObj(i -> ApiKeys.hash(ApiKeys.generate())).toList();
            List<Boolean> won = AtOnce.run(AT_ONCE, i -> devices.changeKey(read, hashes.get(i)));

            assertThat(won).as("round %d", round).containsOnlyOnce(true);
            String winner = hashes.get(won.indexOf(true));
            StoredDevice after = devices.require(alice, deviceId, DeviceRight.OWN);
            assertThat(after.keyGeneration()).isEqualTo(read.keyGeneration() + 1);
            assertThat(devices.findByKeyHash(winner)).map(StoredDevice::objectId).contains(read.objectId());
            hashes.stream().filter(hash -> !hash.equals(winner))
                    .forEach(loser -> assertThat(devices.findByKeyHash(loser)).isEmpty());
        }
    }

    @Test
    void pagesWalkEveryDeviceInObjectIdOrder() {
        String alice = newUser();
        List<String> created = List.of(newDevice(alice, hash()), newDevice(alice, hash()), newDevice(alice, hash()));
        List<String> seen = new ArrayList<>();
        String after = null;
        List<StoredDevice> page;
        do {
            page = devices.page(after, 2);
            page.forEach(device -> seen.add(device.deviceId()));
            after = page.isEmpty() ? after : page.getLast().objectId();
        } while (page.size() == 2);
        assertThat(seen).containsAll(created);
        assertThat(seen).doesNotHaveDuplicates();
    }

    private String newUser() {
        String name = "store-" + UUID.randomUUID() + "@example.test";
        return parse.signUp(name, name, "correct-horse").objectId();
    }

    private static String hash() {
        return ApiKeys.hash(ApiKeys.generate());
    }

    /** A device paired by deviceId alone, with this key hash. */
    private String newDevice(String ownerId, String keyHash) {
        String deviceId = "pi-" + UUID.randomUUID();
        devices.createLegacy(deviceId, "test pi", ownerId, keyHash);
        return deviceId;
    }

    private static void assertNotFound(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class,
                refused -> assertThat(refused.status()).isEqualTo(404));
    }
}
