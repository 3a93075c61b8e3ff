package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pairing by claim code against a stub registry that checks the agent's signatures, through the local API. */
@QuarkusTest
@WithTestResource(ClaimStubResource.class)
class ClaimCodeApiTest {

    private static final Path CREDENTIALS = StubCloudResource.STATE_DIR.resolve(CredentialsStore.FILE_NAME);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CODE = "^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$";

    @BeforeEach
    void unpaired() throws Exception {
        StubCloudResource.reset();
        Files.deleteIfExists(CREDENTIALS);
    }

    private static String shownCode() {
        return await().atMost(WAIT).until(
                () -> given().get("/device-id").then().statusCode(200).extract().path("claimCode"), code -> code != null);
    }

    /** Waits for a code, lets the stub "claim" it, waits for the key to be stored; returns the key. */
    private static String pairByCode(String name) {
        shownCode();
        int issued = StubCloudResource.ISSUED_KEYS.size();
        StubCloudResource.claim(name);
        await().atMost(WAIT).until(() -> StubCloudResource.ISSUED_KEYS.size() > issued);
        String key = StubCloudResource.ISSUED_KEYS.getLast();
        await().atMost(WAIT).until(() -> Files.exists(CREDENTIALS) && Files.readString(CREDENTIALS).contains(key));
        return key;
    }

    @Test
    void anUnpairedAgentShowsItsCodeInDeviceIdStatusThePageAndTheLog() throws Exception {
        String code = shownCode();

        assertThat(code).matches(CODE);
        assertThat(StubCloudResource.CODES).containsValue(code);
        given().get("/device-id").then().statusCode(200)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(StubCloudResource.DEVICE_ID))
                .body("registered", equalTo(false))
                .body("deviceName", nullValue())
                .body("claimExpiresAt", notNullValue());
        given().get("/status").then().statusCode(200)
                .body("pairing.mode", equalTo("claiming"))
                .body("pairing.code", equalTo(code))
                .body("pairing.pairUrl", equalTo("http://ui.test:8080/#/pair?code=" + code));
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .body(containsString(code))
                .body(containsString("<svg"))
                .body(containsString("waiting for claim"))
                .body(not(containsString("<script")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(StubCloudResource.LOG_FILE))
                .contains("Claim code " + code).contains("http://ui.test:8080/#/pair?code=" + code).contains("expires at"));
    }

    @Test
    void afterTheClaimTheKeyIsStoredOwnerOnlyTheCodeGoesAndUploadsStart() throws Exception {
        String key = pairByCode("Greenhouse Pi");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(CREDENTIALS))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                StubCloudResource.STATE_DIR.resolve(AgentKeyFile.FILE_NAME)))).isEqualTo("rw-------");
        await().atMost(WAIT).until(() -> StubCloudResource.HEARTBEATS.contains("Device " + key)
                && StubCloudResource.UPLOADS.contains("Device " + key));
        assertThat(Files.readString(CREDENTIALS)).contains("\"method\":\"code\"");
        String deviceId = given().get("/device-id").then().statusCode(200)
                .body("registered", equalTo(true))
                .body("deviceName", equalTo("Greenhouse Pi"))
                .body("claimCode", nullValue())
                .body("claimExpiresAt", nullValue())
                .extract().asString();
        String status = given().get("/status").then().statusCode(200)
                .body("pairing.mode", equalTo("paired"))
                .body("pairing.method", equalTo("code"))
                .body("pairing.code", nullValue())
                .extract().asString();
        String page = given().get("/").then().statusCode(200).body(not(containsString("<svg"))).extract().asString();
        assertThat(page).contains("Greenhouse Pi").contains(">paired<");
        assertThat(deviceId + status + page + Files.readString(StubCloudResource.LOG_FILE))
                .doesNotContain(key.substring(4));
        await().atMost(WAIT).untilAsserted(() -> given().get("/status").then()
                .body("upload.lastAttempt.result", containsString("200 accepted")));
    }

    @Test
    void whenTheCloudRefusesTheKeyTheAgentShowsANewCodeByItself() {
        String key = pairByCode("Unpaired soon");

        StubCloudResource.REVOKED.add(key);

        String code = shownCode();
        assertThat(code).matches(CODE);
        given().get("/status").then().body("rePairingNeeded", equalTo(true)).body("pairing.mode", equalTo("claiming"));

        String second = pairByCode("Paired again");
        assertThat(second).isNotEqualTo(key);
        given().get("/device-id").then().body("claimCode", nullValue()).body("deviceName", equalTo("Paired again"));
    }

    @Test
    void theLanFlowIsRefusedWith409OnceThePiIsPairedByCode() {
        pairByCode("By code");

        register(Map.of("apiKey", "pfk_mine" + "A".repeat(39), "deviceName", "By LAN")).then().statusCode(409)
                .body("success", equalTo(false))
                .body("error", equalTo("paired_by_code"))
                .body("message", notNullValue());

        given().get("/device-id").then().body("deviceName", equalTo("By code"));
    }

    @Test
    void theLanFlowIsRateLimitedAndALegacyPairingStillShowsACode() {
        String mine = "pfk_mine" + "A".repeat(39);
        register(Map.of("apiKey", mine, "deviceName", "LAN Pi")).then().statusCode(200);
        assertThat(shownCode()).as("a LAN pairing can still be taken over by a code claim").matches(CODE);
        given().get("/status").then().body("pairing.method", equalTo("legacy")).body("pairing.mode", equalTo("claiming"));
        for (int i = 0; i < PairingService.LEGACY_CALLS_PER_MINUTE - 1; i++) {
            register(Map.of("apiKey", mine, "deviceName", "LAN Pi " + i)).then().statusCode(200);
        }

        int heartbeats = StubCloudResource.HEARTBEATS.size();
        register(Map.of("apiKey", mine, "deviceName", "One too many")).then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"))
                .body("error", equalTo("rate_limited"));
        assertThat(StubCloudResource.HEARTBEATS).hasSize(heartbeats);
        given().get("/device-id").then().body("deviceName", equalTo("LAN Pi " + (PairingService.LEGACY_CALLS_PER_MINUTE - 2)));
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedWith421EvenFromThatSameOrigin() {
        given().header("Host", "evil.test:5000").header("Origin", "http://evil.test:5000")
                .contentType(ContentType.JSON).body(Map.of("apiKey", "pfk_mine" + "A".repeat(39), "deviceName", "x"))
                .when().post("/device-register")
                .then().statusCode(421)
                .body("success", equalTo(false))
                .body("error", equalTo("misdirected_request"));
        given().header("Host", "evil.test").when().get("/device-id").then().statusCode(421);
        given().header("Host", "evil.test").when().get("/").then().statusCode(421);
        given().header("Host", "127.0.0.1:5000").when().get("/device-id").then().statusCode(200);
        assertThat(CREDENTIALS).doesNotExist();
    }

    private static Response register(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/device-register");
    }
}
