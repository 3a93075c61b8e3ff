package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.registry.TestUsers.TestUser;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sharing a device through the real registry, auth-gateway and Parse: what a viewer, an operator and a stranger may
 * do, shares with accounts made later, revocation, and the unique (device, email) under concurrent shares.
 */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class DeviceSharingTest {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 4;

    @Inject
    ParseClient parse;

    @Test
    void aViewerReadsButGets403OnOwnerAndOperatorActionsAndAStrangerGets404() {
        TestUser alice = TestUsers.signUp();
        TestUser viewer = TestUsers.signUp();
        TestUser stranger = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        share(alice, deviceId, viewer.email(), "viewer").statusCode(201).body("share.role", equalTo("viewer"));

        as(viewer).get("/api/devices/" + deviceId).then().statusCode(200)
                .body("device.shared", equalTo(true)).body("device.role", equalTo("viewer"));
        as(viewer).get("/api/devices").then().statusCode(200)
                .body("devices.find { it.deviceId == '" + deviceId + "' }.role", equalTo("viewer"));
        as(viewer).get("/api/devices/" + deviceId + "/config").then().statusCode(200);
        as(viewer).get("/api/devices/" + deviceId + "/commands").then().statusCode(200);

        for (ValidatableResponse refused : ownerAndOperatorActions(viewer, deviceId)) {
            refused.statusCode(403).body("error", equalTo("insufficient_role"));
        }
        for (ValidatableResponse hidden : ownerAndOperatorActions(stranger, deviceId)) {
            hidden.statusCode(404).body("error", equalTo("not_found"));
        }
        as(stranger).get("/api/devices/" + deviceId).then().statusCode(404);
        as(stranger).get("/api/devices/" + deviceId + "/config").then().statusCode(404);
        as(alice).get("/api/devices/" + deviceId).then().statusCode(200)
                .body("device.shared", equalTo(false)).body("device.role", equalTo("owner"));
    }

    @Test
    void anOperatorSendsCommandsAndChangesConfigButCannotRotateRenameDeleteOrShare() {
        TestUser alice = TestUsers.signUp();
        TestUser operator = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        share(alice, deviceId, operator.email(), "operator").statusCode(201);

        as(operator).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(201);
        as(operator).contentType(ContentType.JSON).body(Map.of("uploadBatchSize", 100))
                .patch("/api/devices/" + deviceId + "/config").then().statusCode(200);
        as(operator).post("/api/devices/" + deviceId + "/rotate-key").then().statusCode(403);
        as(operator).delete("/api/devices/" + deviceId).then().statusCode(403);
        as(operator).contentType(ContentType.JSON).body(Map.of("name", "mine now"))
                .patch("/api/devices/" + deviceId).then().statusCode(403);
        share(operator, deviceId, TestUsers.newEmail(), "viewer").statusCode(403);
        as(operator).get("/api/devices/" + deviceId + "/shares").then().statusCode(403);
    }

    @Test
    void aShareWithAnEmailWithoutAnAccountAnswersTheSameAndWorksOnceTheAccountExists() {
        TestUser alice = TestUsers.signUp();
        TestUser known = TestUsers.signUp();
        String laterEmail = TestUsers.newEmail();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);

        var toKnown = share(alice, deviceId, known.email(), "viewer").statusCode(201).extract().jsonPath();
        var toUnknown = share(alice, deviceId, "  " + laterEmail.toUpperCase() + " ", "viewer").statusCode(201)
                .extract().jsonPath();
        assertThat(toUnknown.getMap("share").keySet()).isEqualTo(toKnown.getMap("share").keySet());
        assertThat(toUnknown.getString("share.email")).isEqualTo(laterEmail);

        TestUser later = TestUsers.signUp(laterEmail);
        as(later).get("/api/devices/" + deviceId).then().statusCode(200).body("device.role", equalTo("viewer"));
        as(alice).get("/api/devices/" + deviceId + "/shares").then().statusCode(200)
                .body("shares", hasSize(2)).body("shares[0].email", equalTo(known.email()));
    }

    @Test
    void aRevokedShareStopsWorkingWithTheNextRequest() {
        TestUser alice = TestUsers.signUp();
        TestUser viewer = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String shareId = share(alice, deviceId, viewer.email(), "viewer").statusCode(201).extract().path("share.id");
        as(viewer).get("/api/devices/" + deviceId).then().statusCode(200);

        as(viewer).delete("/api/devices/" + deviceId + "/shares/" + shareId).then().statusCode(403);
        as(alice).delete("/api/devices/" + deviceId + "/shares/" + shareId).then().statusCode(200);
        as(alice).delete("/api/devices/" + deviceId + "/shares/" + shareId).then().statusCode(404);

        as(viewer).get("/api/devices/" + deviceId).then().statusCode(404);
        as(viewer).get("/api/devices").then().statusCode(200).body("devices", hasSize(0));
    }

    @Test
    void aRoleChangesBySharingAgainAndAnUnpairedDeviceTakesItsSharesWithIt() {
        TestUser alice = TestUsers.signUp();
        TestUser bob = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        share(alice, deviceId, bob.email(), "viewer").statusCode(201);
        share(alice, deviceId, bob.email(), "operator").statusCode(200).body("share.role", equalTo("operator"));
        as(bob).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(201);

        String objectId = TestDevices.row(parse, deviceId).objectId();
        as(alice).delete("/api/devices/" + deviceId).then().statusCode(200);
        as(bob).get("/api/devices/" + deviceId).then().statusCode(404);
        assertThat(shareRows(objectId)).isZero();
    }

    @Test
    void badShareRequestsAre400AndStoreNothing() {
        TestUser alice = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        share(alice, deviceId, TestUsers.newEmail(), "owner").statusCode(400)
                .body("error", equalTo("invalid_input")).body("details[0].field", equalTo("role"));
        share(alice, deviceId, "not-an-email", "viewer").statusCode(400).body("details[0].field", equalTo("email"));
        share(alice, deviceId, alice.email().toUpperCase(), "viewer").statusCode(400)
                .body("details[0].field", equalTo("email"));
        as(alice).contentType(ContentType.JSON).body("{\"email\":\"a@b.example\"}")
                .post("/api/devices/" + deviceId + "/shares").then().statusCode(400);
        assertThat(shareRows(TestDevices.row(parse, deviceId).objectId())).isZero();
    }

    @Test
    void eightIdenticalSharesAtOnceMakeOneRowAndOneCreated() {
        TestUser alice = TestUsers.signUp();
        for (int round = 0; round < ROUNDS; round++) {
            String deviceId = newDeviceId();
            claim(alice.sessionToken(), deviceId);
            String email = TestUsers.newEmail();

            List<Integer> statuses = AtOnce.run(AT_ONCE,
                    i -> share(alice, deviceId, email, "viewer").extract().statusCode());

            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
            assertThat(shareRows(TestDevices.row(parse, deviceId).objectId())).isEqualTo(1);
        }
    }

    @Test
    void aReadTokenOfTheViewerReadsTheSharedDeviceAndTheOwnersTokenWithoutDevicesCannotShare() {
        TestUser alice = TestUsers.signUp();
        TestUser viewer = TestUsers.signUp();
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        String readOnly = TestUsers.token(alice, "read");
        given().header("Authorization", "Bearer " + readOnly).contentType(ContentType.JSON)
                .body(Map.of("email", viewer.email(), "role", "viewer"))
                .post("/api/devices/" + deviceId + "/shares").then().statusCode(403)
                .body("error", equalTo("insufficient_scope"));
        share(alice, deviceId, viewer.email(), "viewer").statusCode(201);

        given().header("Authorization", "Bearer " + TestUsers.token(viewer, "read"))
                .get("/api/devices/" + deviceId).then().statusCode(200).body("device.name", equalTo("Test Pi"))
                .body("device.config", org.hamcrest.Matchers.notNullValue()).body("device.apiKey", nullValue());
    }

    private static List<ValidatableResponse> ownerAndOperatorActions(TestUser caller, String deviceId) {
        return List.of(
                as(caller).post("/api/devices/" + deviceId + "/rotate-key").then(),
                as(caller).delete("/api/devices/" + deviceId).then(),
                as(caller).contentType(ContentType.JSON).body(Map.of("name", "mine"))
                        .patch("/api/devices/" + deviceId).then(),
                as(caller).contentType(ContentType.JSON).body(Map.of("uploadBatchSize", 100))
                        .patch("/api/devices/" + deviceId + "/config").then(),
                as(caller).contentType(ContentType.JSON).body(Map.of("name", "upload-now"))
                        .post("/api/devices/" + deviceId + "/commands").then(),
                as(caller).get("/api/devices/" + deviceId + "/shares").then(),
                share(caller, deviceId, TestUsers.newEmail(), "viewer"));
    }

    static ValidatableResponse share(TestUser owner, String deviceId, String email, String role) {
        return as(owner).contentType(ContentType.JSON).body(Map.of("email", email, "role", role))
                .post("/api/devices/" + deviceId + "/shares").then();
    }

    private static RequestSpecification as(TestUser user) {
        return given().header("x-session-token", user.sessionToken());
    }

    private long shareRows(String deviceObjectId) {
        return parse.count(ParseAuth.master(), ParseQuery.of("DeviceShare")
                .equalTo("device", new Pointer("Device", deviceObjectId)));
    }
}
