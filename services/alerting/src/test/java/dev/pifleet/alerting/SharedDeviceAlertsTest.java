package dev.pifleet.alerting;

import static dev.pifleet.alerting.ThresholdAlertTest.awaitAlerts;
import static dev.pifleet.alerting.ThresholdAlertTest.createRule;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.pifleet.alerting.TestFleet.TestDevice;
import dev.pifleet.alerting.TestFleet.TestUser;
import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.devicestore.DeviceShares;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A viewer of a shared device sees its alerts, but rules (which mail or call out) stay the owner's. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
@WithTestResource(AlertingTestResource.class)
class SharedDeviceAlertsTest {

    @Inject
    ParseClient parse;

    @Inject
    DeviceStore devices;

    @Inject
    DeviceShares shares;

    @Test
    void aViewerSeesTheSharedDevicesAlertsCannotMakeRulesAndAStrangerGets404() {
        TestUser owner = TestFleet.signUp();
        TestUser viewer = TestFleet.signUp();
        TestUser stranger = TestFleet.signUp();
        TestDevice device = TestFleet.newDevice(parse, owner, "Barn", Instant.now().minusSeconds(3600));
        createRule(owner, Map.of("deviceId", device.deviceId(), "kind", "offline", "forSeconds", 2, "email", true));
        awaitAlerts(owner, "open", 1);
        String shareId = shares.share(devices.findById(device.objectId()).orElseThrow(), viewer.email(),
                DeviceRole.OPERATOR).share().id();

        given().header("x-session-token", viewer.sessionToken()).queryParam("deviceId", device.deviceId())
                .get("/api/alerts").then().statusCode(200)
                .body("alerts", hasSize(1)).body("alerts[0].deviceName", equalTo("Barn"))
                .body("alerts[0].rule", equalTo("silent for 2 s"));
        given().header("x-session-token", viewer.sessionToken()).contentType(ContentType.JSON)
                .body(Map.of("deviceId", device.deviceId(), "kind", "offline", "forSeconds", 60, "email", true))
                .post("/api/alert-rules").then().statusCode(403).body("error", equalTo("insufficient_role"));
        given().header("x-session-token", stranger.sessionToken()).queryParam("deviceId", device.deviceId())
                .get("/api/alerts").then().statusCode(404);

        shares.revoke(device.objectId(), shareId);
        given().header("x-session-token", viewer.sessionToken()).queryParam("deviceId", device.deviceId())
                .get("/api/alerts").then().statusCode(404);
    }
}
