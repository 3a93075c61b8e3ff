package dev.pifleet.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.abuse.AbuseStack.Owner;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One user against another's things: every answer is exactly the one for an id that does not exist, nothing
 * changes, and neither a device key nor a session reaches beyond its owner.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class CrossUserTest {

    private static final String ABSENT = "abuse-absent-device-0002";

    @Inject
    ParseClient parse;

    record Answer(int status, JsonNode body) {
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/devices/{id}, REGISTRY",
            "PATCH, /api/devices/{id}, REGISTRY",
            "POST, /api/devices/{id}/rotate-key, REGISTRY",
            "DELETE, /api/devices/{id}, REGISTRY",
            "DELETE, /api/devices/{id}?purge=true, REGISTRY",
            "GET, /api/devices/{id}/config, REGISTRY",
            "GET, /api/devices/{id}/commands, REGISTRY",
            "GET, /api/readings/{id}, INGEST",
            "GET, /api/readings/{id}/series?sensor=temperature, INGEST",
            "GET, /api/readings/{id}/sensors, INGEST",
            "GET, /api/readings/{id}/export.csv, INGEST"})
    void anotherUsersDeviceAnswersExactlyLikeAnAbsentOne(String method, String path, Service service) {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        Owner bob = stack.bob();
        Storage before = Storage.read(parse, stack);

        Answer foreign = send(stack, service, method, path.replace("{id}", alice.deviceId()), bob.sessionToken());
        Answer absent = send(stack, service, method, path.replace("{id}", ABSENT), bob.sessionToken());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);
        assertThat(Storage.read(parse, stack)).isEqualTo(before);
        assertThat(heartbeat(stack, alice.apiKey()).path("deviceId").asText()).isEqualTo(alice.deviceId());
    }

    @Test
    void aSessionReachesOnlyItsOwnersDevices() {
        AbuseStack stack = AbuseStack.shared();
        JsonNode bobs = stack.call(Service.REGISTRY, "GET", "/api/devices", 200, null, "x-session-token", stack.bob().sessionToken());
        assertThat(bobs.path("devices").findValuesAsText("deviceId")).containsExactly(stack.bob().deviceId());

        Answer readings = send(stack, Service.INGEST, "GET", "/api/readings/" + stack.bob().deviceId(), stack.alice().sessionToken());
        assertThat(readings.status()).isEqualTo(404);
        Answer rename = send(stack, Service.REGISTRY, "PATCH", "/api/devices/" + stack.bob().deviceId(), stack.alice().sessionToken());
        assertThat(rename.status()).isEqualTo(404);
    }

    @Test
    void anotherUsersCommandAnswersExactlyLikeAnAbsentOne() {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        Owner bob = stack.bob();
        Storage before = Storage.read(parse, stack);
        String bobsCommands = "/api/devices/" + bob.deviceId() + "/commands/";

        Answer foreign = send(stack, Service.REGISTRY, "GET", bobsCommands + alice.commandId(), bob.sessionToken());
        Answer absent = send(stack, Service.REGISTRY, "GET", bobsCommands + "abuseAbsent0001", bob.sessionToken());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);

        String resultBody = "{\"state\":\"failed\",\"error\":\"not yours\"}";
        int result = RawHttp.send(stack.url(Service.INGEST), new RawHttp.Request("POST",
                "/api/device/commands/" + alice.commandId() + "/result",
                RawHttp.headers("Authorization", "Device " + bob.apiKey(), "Content-Type", "application/json"),
                resultBody.getBytes(StandardCharsets.UTF_8))).status();
        assertThat(result).isEqualTo(404);
        assertThat(Storage.read(parse, stack)).isEqualTo(before);
    }

    @Test
    void anotherUsersAlertsDeliveryLogAnswersExactlyLikeAnAbsentOne() {
        AbuseStack stack = AbuseStack.shared();
        Answer own = send(stack, Service.ALERTING, "GET", "/api/alerts/" + stack.alice().alertId() + "/deliveries",
                stack.alice().sessionToken());
        Answer foreign = send(stack, Service.ALERTING, "GET", "/api/alerts/" + stack.alice().alertId() + "/deliveries",
                stack.bob().sessionToken());
        Answer absent = send(stack, Service.ALERTING, "GET", "/api/alerts/abuseAbsent0001/deliveries",
                stack.bob().sessionToken());
        assertThat(own.status()).isEqualTo(200);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);
    }

    @ParameterizedTest(name = "{0} /api/rollouts/<id>{1}")
    @CsvSource({"GET, ''", "POST, /pause", "POST, /resume", "POST, /cancel"})
    void anotherUsersRolloutAnswersExactlyLikeAnAbsentOne(String method, String action) {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        String own = "/api/rollouts/" + alice.rolloutId();
        JsonNode before = stack.call(Service.REGISTRY, "GET", own, 200, null, "x-session-token", alice.sessionToken());
        Storage stored = Storage.read(parse, stack);

        Answer foreign = send(stack, Service.REGISTRY, method, own + action, stack.bob().sessionToken());
        Answer absent = send(stack, Service.REGISTRY, method, "/api/rollouts/abuseAbsent0001" + action, stack.bob().sessionToken());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);
        assertThat(Storage.read(parse, stack)).isEqualTo(stored);
        JsonNode after = stack.call(Service.REGISTRY, "GET", own, 200, null, "x-session-token", alice.sessionToken());
        assertThat(after.at("/rollout/state")).isEqualTo(before.at("/rollout/state"));
        assertThat(after.at("/rollout/devices")).isEqualTo(before.at("/rollout/devices"));
    }

    @Test
    void aRolloutReachesOnlyItsOwnersDevicesAndListsOnlyItsOwnersRollouts() {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        JsonNode bobs = stack.call(Service.REGISTRY, "GET", "/api/rollouts", 200, null, "x-session-token", stack.bob().sessionToken());
        assertThat(bobs.path("rollouts").findValuesAsText("id")).doesNotContain(alice.rolloutId());
        Storage before = Storage.read(parse, stack);

        JsonNode refused = stack.call(Service.REGISTRY, "POST", "/api/rollouts", 400, java.util.Map.of(
                "version", AbuseStack.RELEASE_VERSION, "deviceIds", java.util.List.of(alice.deviceId(), AbuseStack.ROLLOUT_DEVICE),
                "waves", java.util.List.of(100), "maxFailures", 0), "x-session-token", stack.bob().sessionToken());

        assertThat(refused.path("details").findValuesAsText("field")).contains("deviceIds");
        assertThat(Storage.read(parse, stack)).isEqualTo(before);
        JsonNode offer = stack.call(Service.REGISTRY, "GET", "/api/devices/" + AbuseStack.ROLLOUT_DEVICE + "/config", 200, null,
                "x-session-token", alice.sessionToken()).at("/desired/update");
        assertThat(offer.path("rolloutId").asText()).isEqualTo(alice.rolloutId());
    }

    @Test
    void claimingAnotherUsersDeviceGivesNoKeyAndChangesNothing() {
        AbuseStack stack = AbuseStack.shared();
        Storage before = Storage.read(parse, stack);
        JsonNode refused = stack.call(Service.REGISTRY, "POST", "/api/device/register", 409,
                java.util.Map.of("deviceId", stack.alice().deviceId(), "deviceName", "Mine now"),
                "x-session-token", stack.bob().sessionToken());
        assertThat(refused.path("error").asText()).isEqualTo("device_already_claimed");
        assertThat(refused.has("apiKey")).isFalse();
        assertThat(Storage.read(parse, stack)).isEqualTo(before);
        assertThat(heartbeat(stack, stack.alice().apiKey()).path("deviceId").asText()).isEqualTo(stack.alice().deviceId());
    }

    @Test
    void aDeviceKeyWritesOnlyForItsOwnDevice() {
        AbuseStack stack = AbuseStack.shared();
        ParseObject bobsDevice = device(stack.bob());
        Pointer bobs = new Pointer(DeviceClass.NAME, bobsDevice.objectId());
        long bobsReadings = parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, bobs));

        String body = "{\"deviceId\":\"" + stack.bob().deviceId() + "\",\"device\":{\"__type\":\"Pointer\",\"className\":\"Device\","
                + "\"objectId\":\"" + bobsDevice.objectId() + "\"},\"sensors\":{\"temperature\":99}}";
        int status = RawHttp.send(stack.url(Service.INGEST), new RawHttp.Request("POST", "/api/device/data",
                RawHttp.headers("Authorization", "Device " + stack.alice().apiKey(), "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8))).status();

        assertThat(status).isLessThan(500);
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of(SensorLogRows.NAME).equalTo(SensorLogRows.DEVICE, bobs)))
                .isEqualTo(bobsReadings);
        assertThat(heartbeat(stack, stack.alice().apiKey()).path("deviceId").asText()).isEqualTo(stack.alice().deviceId());
    }

    @Test
    void renameIgnoresOwnershipKeyAndAclFields() {
        AbuseStack stack = AbuseStack.shared();
        ParseObject before = device(stack.alice());
        String bobsUserId = device(stack.bob()).getPointerId(DeviceClass.OWNER);
        String body = "{\"name\":\"Renamed by its owner\",\"owner\":{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\""
                + bobsUserId + "\"},\"ACL\":{\"*\":{\"read\":true,\"write\":true}},\"_rperm\":[\"*\"],\"_wperm\":[\"*\"],"
                + "\"apiKeyHash\":\"00\",\"deviceId\":\"abuse-stolen-0001\",\"objectId\":\"abc\",\"status\":\"online\"}";

        int status = RawHttp.send(stack.url(Service.REGISTRY), new RawHttp.Request("PATCH", "/api/devices/" + stack.alice().deviceId(),
                RawHttp.headers("x-session-token", stack.alice().sessionToken(), "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8))).status();

        assertThat(status).isLessThan(500);
        ParseObject after = device(stack.alice());
        for (String field : new String[] {DeviceClass.OWNER, DeviceClass.API_KEY_HASH, DeviceClass.DEVICE_ID, "ACL"}) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
        assertThat(after.objectId()).isEqualTo(before.objectId());
    }

    @Test
    void aDeviceKeyIsNotASessionAndASessionIsNotADeviceKey() {
        AbuseStack stack = AbuseStack.shared();
        assertThat(send(stack, Service.REGISTRY, "GET", "/api/devices", stack.alice().apiKey()).status()).isEqualTo(401);
        RawHttp.HttpAnswer response = RawHttp.send(stack.url(Service.INGEST), new RawHttp.Request("POST", "/api/device/heartbeat",
                RawHttp.headers("Authorization", "Device " + stack.alice().sessionToken()), null));
        assertThat(response.status()).isEqualTo(401);
    }

    private ParseObject device(Owner owner) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).equalTo(DeviceClass.DEVICE_ID, owner.deviceId()))
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/devices/{id}/shares",
            "POST, /api/devices/{id}/shares",
            "DELETE, /api/devices/{id}/shares/{share}"})
    void anotherUsersSharesAnswerExactlyLikeAnAbsentDevice(String method, String path) {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        Owner bob = stack.bob();
        String share = stack.call(Service.REGISTRY, "POST", "/api/devices/" + alice.deviceId() + "/shares", 201,
                java.util.Map.of("email", "abuse-cross-" + java.util.UUID.randomUUID() + "@example.com", "role", "viewer"),
                "x-session-token", alice.sessionToken()).path("share").path("id").asText();
        String target = path.replace("{share}", share);
        Storage before = Storage.read(parse, stack);

        Answer foreign = send(stack, Service.REGISTRY, method, target.replace("{id}", alice.deviceId()), bob.sessionToken());
        Answer absent = send(stack, Service.REGISTRY, method, target.replace("{id}", ABSENT), bob.sessionToken());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);
        assertThat(Storage.read(parse, stack)).isEqualTo(before);
        assertThat(stack.call(Service.REGISTRY, "GET", "/api/devices/" + alice.deviceId() + "/shares", 200, null,
                "x-session-token", alice.sessionToken()).path("shares").findValuesAsText("id")).contains(share);
    }

    @Test
    void aViewerGets403ForWhatItsRoleLacksAndAfterTheRevokeExactlyWhatAStrangerGets() {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        String email = "abuse-viewer-" + java.util.UUID.randomUUID() + "@example.com";
        String viewer = stack.call(Service.GATEWAY, "POST", "/api/auth/signup", 201,
                java.util.Map.of("email", email, "password", AbuseStack.PASSWORD)).path("sessionToken").asText();
        String share = stack.call(Service.REGISTRY, "POST", "/api/devices/" + alice.deviceId() + "/shares", 201,
                java.util.Map.of("email", email, "role", "viewer"), "x-session-token", alice.sessionToken())
                .path("share").path("id").asText();
        String device = "/api/devices/" + alice.deviceId();
        Storage before = Storage.read(parse, stack);

        assertThat(send(stack, Service.REGISTRY, "GET", device, viewer).status()).isEqualTo(200);
        assertThat(send(stack, Service.INGEST, "GET", "/api/readings/" + alice.deviceId(), viewer).status()).isEqualTo(200);
        for (String[] refused : new String[][] {{"POST", device + "/rotate-key"}, {"PATCH", device},
                {"DELETE", device}, {"DELETE", device + "?purge=true"}, {"GET", device + "/shares"},
                {"DELETE", device + "/shares/" + share}}) {
            Answer answer = send(stack, Service.REGISTRY, refused[0], refused[1], viewer);
            assertThat(answer.status()).as(refused[0] + " " + refused[1]).isEqualTo(403);
            assertThat(answer.body().path("error").asText()).isEqualTo("insufficient_role");
        }
        assertThat(Storage.read(parse, stack)).isEqualTo(before);

        stack.call(Service.REGISTRY, "DELETE", device + "/shares/" + share, 200, null, "x-session-token", alice.sessionToken());
        assertThat(send(stack, Service.REGISTRY, "GET", device, viewer))
                .isEqualTo(send(stack, Service.REGISTRY, "GET", "/api/devices/" + ABSENT, viewer));
        assertThat(send(stack, Service.INGEST, "GET", "/api/readings/" + alice.deviceId(), viewer).status()).isEqualTo(404);
    }

    @Test
    void anotherUsersTokenAnswersExactlyLikeAnAbsentOneAndKeepsWorking() {
        AbuseStack stack = AbuseStack.shared();
        Owner alice = stack.alice();
        Owner bob = stack.bob();
        JsonNode created = stack.call(Service.GATEWAY, "POST", "/api/tokens", 201,
                java.util.Map.of("name", "abuse cross-user", "scopes", java.util.List.of("read")),
                "x-session-token", alice.sessionToken());
        String id = created.path("id").asText();

        Answer foreign = send(stack, Service.GATEWAY, "DELETE", "/api/tokens/" + id, bob.sessionToken());
        Answer absent = send(stack, Service.GATEWAY, "DELETE", "/api/tokens/abuseAbsent0001", bob.sessionToken());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign).isEqualTo(absent);
        assertThat(stack.call(Service.GATEWAY, "GET", "/api/tokens", 200, null, "x-session-token", bob.sessionToken())
                .path("tokens").findValuesAsText("id")).doesNotContain(id);
        // Alice's token still works, and reaches only alice's devices: bob's is absent to it.
        String token = created.path("token").asText();
        assertThat(send(stack, Service.REGISTRY, "GET", "/api/devices/" + alice.deviceId(), token).status()).isEqualTo(200);
        assertThat(send(stack, Service.REGISTRY, "GET", "/api/devices/" + bob.deviceId(), token))
                .isEqualTo(send(stack, Service.REGISTRY, "GET", "/api/devices/" + ABSENT, token));
        // A token cannot manage tokens or delete the account: those need a session.
        assertThat(send(stack, Service.GATEWAY, "DELETE", "/api/tokens/" + id, token).status()).isEqualTo(403);
        assertThat(send(stack, Service.GATEWAY, "GET", "/api/tokens", token).status()).isEqualTo(403);
    }

    private static JsonNode heartbeat(AbuseStack stack, String apiKey) {
        return stack.call(Service.INGEST, "POST", "/api/device/heartbeat", 200, null, "Authorization", "Device " + apiKey);
    }

    private static Answer send(AbuseStack stack, Service service, String method, String target, String sessionToken) {
        byte[] body = method.equals("PATCH") ? "{\"name\":\"Taken\"}".getBytes(StandardCharsets.UTF_8)
                : target.endsWith("/shares") && method.equals("POST")
                ? "{\"email\":\"abuse-taker@example.com\",\"role\":\"operator\"}".getBytes(StandardCharsets.UTF_8) : null;
        RawHttp.Request request = body == null
                ? new RawHttp.Request(method, target, RawHttp.headers("x-session-token", sessionToken), null)
                : new RawHttp.Request(method, target,
                        RawHttp.headers("x-session-token", sessionToken, "Content-Type", "application/json"), body);
        RawHttp.HttpAnswer response = RawHttp.send(stack.url(service), request);
        try {
            // The id may be named in the message; with it taken out, the two answers must be the same.
            String text = response.body().replace(stack.alice().deviceId(), "<id>").replace(stack.bob().deviceId(), "<id>")
                    .replace(ABSENT, "<id>");
            return new Answer(response.status(), AbuseStack.JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
