package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.heardFrom;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.row;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The test profile's offline timeout is 3 s and the sweep runs every second. */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class OfflineStatusTest {

    @Inject
    ParseClient parse;

    @Test
    void quietDeviceTurnsOfflineAndTheSweepStoresItWhileRecentOnesStayOnline() {
        TestUser alice = TestUsers.signUp();
        String quiet = newDeviceId();
        String recent = newDeviceId();
        claim(alice.sessionToken(), quiet);
        claim(alice.sessionToken(), recent);
        heardFrom(parse, quiet, Instant.now());
        // Ahead of now, so it stays within the 3 s timeout however slowly this test runs.
        heardFrom(parse, recent, Instant.now().plus(Duration.ofMinutes(10)));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(row(parse, quiet).getString(DeviceClass.STATUS)).isEqualTo("offline");
            statusShown(alice, quiet, "offline");
        });
        statusShown(alice, recent, "online");
        assertThat(row(parse, recent).getString(DeviceClass.STATUS)).isEqualTo("online");
    }

    private static void statusShown(TestUser user, String deviceId, String status) {
        given().header("x-session-token", user.sessionToken())
                .when().get("/api/devices/" + deviceId)
                .then().statusCode(200).body("device.status", equalTo(status));
    }
}
