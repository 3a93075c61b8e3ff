package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A script reads readings with a personal API token (the real auth-gateway verifies it). */
@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class ApiTokenReadTest {

    @Inject
    ParseClient parse;

    @Test
    void aReadTokenReadsReadingsOverviewAndCsvAndAnAlertsTokenDoesNot() {
        ParseUser owner = TestFleet.newUser(parse);
        TestDevice device = TestFleet.newDevice(parse, owner);
        Instant first = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        TestFleet.storeReadings(parse, device, 3, first);
        String read = token(owner, "read");
        String alerts = token(owner, "alerts");

        given().header("Authorization", "Bearer " + read).get("/api/readings/" + device.deviceId())
                .then().statusCode(200).body("readings", hasSize(3));
        given().header("Authorization", "Bearer " + read).queryParam("from", first.minusSeconds(60).toString())
                .get("/api/readings/" + device.deviceId() + "/export.csv").then().statusCode(200);
        given().header("Authorization", "Bearer " + read).queryParam("from", first.minusSeconds(60).toString())
                .get("/api/readings/" + device.deviceId() + "/overview").then().statusCode(200)
                .body("series[0].sensor", equalTo("i")).body("latest.sensors[0].value", equalTo(2));
        given().header("Authorization", "Bearer " + alerts).get("/api/readings/" + device.deviceId())
                .then().statusCode(403).body("error", equalTo("insufficient_scope"));
        given().header("Authorization", "Bearer " + alerts).get("/api/readings/" + device.deviceId() + "/overview")
                .then().statusCode(403).body("error", equalTo("insufficient_scope"));

        ParseUser stranger = TestFleet.newUser(parse);
        given().header("Authorization", "Bearer " + token(stranger, "read")).get("/api/readings/" + device.deviceId())
                .then().statusCode(404);
    }

    private static String token(ParseUser user, String... scopes) {
        return given().baseUri(SharedServices.authGateway().url()).header("x-session-token", user.sessionToken())
                .contentType(ContentType.JSON).body(Map.of("name", "script", "scopes", List.of(scopes)))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }
}
