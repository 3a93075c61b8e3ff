package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;

import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.devicestore.DeviceShares;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** A device shared with another account: its readings, series and CSV go through the same rule (DeviceStore.require). */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class SharedDeviceReadTest {

    @Inject
    ParseClient parse;

    @Inject
    DeviceStore devices;

    @Inject
    DeviceShares shares;

    @Test
    void aViewerReadsReadingsSeriesAndCsvUntilTheShareIsRevokedAndAStrangerGets404() {
        ParseUser owner = TestFleet.newUser(parse);
        ParseUser viewer = TestFleet.newUser(parse);
        ParseUser stranger = TestFleet.newUser(parse);
        TestDevice device = TestFleet.newDevice(parse, owner);
        Instant first = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        TestFleet.storeReadings(parse, device, 3, first);
        String shareId = shares.share(devices.findById(device.objectId()).orElseThrow(), viewer.email(),
                DeviceRole.VIEWER).share().id();

        String base = "/api/readings/" + device.deviceId();
        given().header("x-session-token", viewer.sessionToken()).get(base).then().statusCode(200).body("readings", hasSize(3));
        given().header("x-session-token", viewer.sessionToken()).get(base + "/sensors").then().statusCode(200);
        given().header("x-session-token", viewer.sessionToken()).queryParam("from", first.minusSeconds(60).toString())
                .get(base + "/export.csv").then().statusCode(200);
        given().header("x-session-token", viewer.sessionToken()).queryParam("sensor", "i")
                .get(base + "/series").then().statusCode(200);
        given().header("x-session-token", stranger.sessionToken()).get(base).then().statusCode(404);
        given().header("x-session-token", stranger.sessionToken()).queryParam("from", first.minusSeconds(60).toString())
                .get(base + "/export.csv").then().statusCode(404);

        shares.revoke(device.objectId(), shareId);
        given().header("x-session-token", viewer.sessionToken()).get(base).then().statusCode(404);
        given().header("x-session-token", viewer.sessionToken()).queryParam("sensor", "i").get(base + "/series").then().statusCode(404);
    }
}
