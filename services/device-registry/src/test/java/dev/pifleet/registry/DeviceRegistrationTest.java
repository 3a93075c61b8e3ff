package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.devicesWithKeyHash;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.register;
import static dev.pifleet.registry.TestDevices.row;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class DeviceRegistrationTest {

    @Inject
    ParseClient parse;

    @Test
    void newDeviceIsClaimedWithAKeyStoredOnlyAsItsHash() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();

        String apiKey = register(alice.sessionToken(), deviceId, "Kitchen Pi")
                .statusCode(201)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(deviceId))
                .body("apiKey", matchesPattern("^pfk_[A-Za-z0-9_-]{43}$"))
                .extract().path("apiKey");

        ParseObject stored = row(parse, deviceId);
        assertThat(stored.getString(DeviceClass.API_KEY_HASH)).isEqualTo(ApiKeys.hash(apiKey));
        assertThat(stored.json().toString()).doesNotContain(apiKey);
        assertThat(stored.getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(stored.getString(DeviceClass.DEVICE_NAME)).isEqualTo("Kitchen Pi");
        assertThat(stored.getString(DeviceClass.STATUS)).isEqualTo("never_seen");
        assertThat(stored.json().path("ACL").properties()).singleElement()
                .satisfies(grant -> assertThat(grant.getKey()).isEqualTo(alice.userId()));
    }

    @Test
    void seedCurlWithBearerTokenAndNoNameWorksToo() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();

        given().header("Authorization", "Bearer " + alice.sessionToken()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId))
                .when().post("/api/device/register")
                .then().statusCode(201).body("apiKey", matchesPattern("^pfk_.+"));

        assertThat(row(parse, deviceId).getString(DeviceClass.DEVICE_NAME)).isEqualTo(deviceId);
    }

    @Test
    void reRegisteringOwnDeviceIssuesNewKeyAndTheOldStopsWorking() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        String oldKey = claim(alice.sessionToken(), deviceId);

        String newKey = register(alice.sessionToken(), deviceId, "Re-flashed Pi")
                .statusCode(200)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(deviceId))
                .extract().path("apiKey");

        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(oldKey))).isZero();
        assertThat(devicesWithKeyHash(parse, ApiKeys.hash(newKey))).isOne();
        assertThat(row(parse, deviceId).getString(DeviceClass.DEVICE_NAME)).isEqualTo("Re-flashed Pi");
    }

    @Test
    void claimByOtherUserIsRefusedAndLeaksNoKey() {
        TestUser alice = TestUsers.signUp();
        TestUser mallory = TestUsers.signUp();
        String deviceId = newDeviceId();
        String aliceKey = claim(alice.sessionToken(), deviceId);

        register(mallory.sessionToken(), deviceId, "Mine now")
                .statusCode(409)
                .body("success", equalTo(false))
                .body("error", equalTo("device_already_claimed"))
                .body("$", not(hasKey("apiKey")));

        ParseObject stored = row(parse, deviceId);
        assertThat(stored.getPointerId(DeviceClass.OWNER)).isEqualTo(alice.userId());
        assertThat(stored.getString(DeviceClass.API_KEY_HASH)).isEqualTo(ApiKeys.hash(aliceKey));
        assertThat(stored.getString(DeviceClass.DEVICE_NAME)).isEqualTo("Test Pi");
    }

    @Test
    void concurrentClaimsByTwoUsersLeaveExactlyOneOwner() throws Exception {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        int threadsPerUser = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerUser);
        List<Future<Claimed>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < threadsPerUser; i++) {
                for (TestUser user : List.of(alice, bob)) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        var answer = register(user.sessionToken(), deviceId, "Contested Pi").extract();
                        return new Claimed(user.userId(), answer.statusCode(), answer.path("apiKey"));
                    }));
                }
            }
            start.countDown();
            List<Claimed> results = new ArrayList<>();
            for (Future<Claimed> claim : claims) {
                results.add(claim.get(2, TimeUnit.MINUTES));
            }

            String owner = row(parse, deviceId).getPointerId(DeviceClass.OWNER);
            assertThat(owner).isIn(alice.userId(), bob.userId());
            assertThat(results).filteredOn(claimed -> claimed.status() == 201).hasSize(1)
                    .allSatisfy(claimed -> assertThat(claimed.userId()).isEqualTo(owner));
            // The owner's re-keys racing each other: one wins each key generation, the others get 409 and no key.
            assertThat(results).filteredOn(claimed -> claimed.userId().equals(owner))
                    .allSatisfy(claimed -> assertThat(claimed.status()).isIn(200, 201, 409))
                    .filteredOn(claimed -> claimed.status() == 409)
                    .allSatisfy(claimed -> assertThat(claimed.apiKey()).isNull());
            assertThat(results).filteredOn(claimed -> !claimed.userId().equals(owner))
                    .allSatisfy(claimed -> {
                        assertThat(claimed.status()).isEqualTo(409);
                        assertThat(claimed.apiKey()).isNull();
                    });
            assertThat(parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .equalTo(DeviceClass.DEVICE_ID, deviceId))).isOne();
            // Of the owner's concurrent re-keys exactly one key is the live one.
            assertThat(results).filteredOn(claimed -> claimed.apiKey() != null)
                    .filteredOn(claimed -> devicesWithKeyHash(parse, ApiKeys.hash(claimed.apiKey())) == 1)
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void registeringWithoutAValidSessionIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("deviceId", newDeviceId()))
                .when().post("/api/device/register")
                .then().statusCode(401).body("error", equalTo("missing_credentials"));

        register("r:not-a-session", newDeviceId(), null)
                .statusCode(401).body("error", equalTo("invalid_session"));
    }

    private record Claimed(String userId, int status, String apiKey) {
    }
}
