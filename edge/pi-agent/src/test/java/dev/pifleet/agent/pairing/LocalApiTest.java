package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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

@QuarkusTest
@WithTestResource(StubCloudResource.class)
class LocalApiTest {

    private static final String MY_KEY = "pfk_mine" + "A".repeat(39);
    private static final String OTHER_DEVICES_KEY = "pfk_othr" + "B".repeat(39);
    private static final String REVOKED_KEY = "pfk_gone" + "C".repeat(39);
    private static final Path CREDENTIALS = StubCloudResource.STATE_DIR.resolve(CredentialsStore.FILE_NAME);

    @BeforeEach
    void unpaired() throws Exception {
        Files.deleteIfExists(CREDENTIALS);
    }

    private static Response register(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/device-register");
    }

    @Test
    void deviceIdAnswersTheSeedsShapeBeforePairing() {
        given().when().get("/device-id").then().statusCode(200)
                .body("success", equalTo(true))
                .body("deviceId", equalTo(StubCloudResource.DEVICE_ID))
                .body("registered", equalTo(false))
                .body("deviceName", nullValue());
    }

    @Test
    void ownKeyIsCheckedWithAHeartbeatThenStoredOwnerOnlyAndNeverShown() throws Exception {
        register(Map.of("apiKey", MY_KEY, "deviceName", "Greenhouse Pi")).then().statusCode(200)
                .body("success", equalTo(true))
                .body("registered", equalTo(true));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(CREDENTIALS))).isEqualTo("rw-------");
        String deviceId = given().get("/device-id").then().statusCode(200)
                .body("registered", equalTo(true))
                .body("deviceName", equalTo("Greenhouse Pi"))
                .extract().asString();
        String status = given().get("/status").then().statusCode(200)
                .body("registered", equalTo(true))
                .body("rePairingNeeded", equalTo(false))
                .body("lastHeartbeat.result", equalTo("200"))
                .extract().asString();
        assertThat(deviceId + status).doesNotContain(MY_KEY).doesNotContain(MY_KEY.substring(4, 20));
        assertThat(Files.readString(StubCloudResource.LOG_FILE)).contains("paired as").doesNotContain(MY_KEY.substring(4, 20));
    }

    @Test
    void keyThatBelongsToAnotherDeviceIsRefusedAndNothingIsStored() {
        register(Map.of("apiKey", OTHER_DEVICES_KEY, "deviceName", "Pi")).then().statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("key_rejected"));

        assertThat(CREDENTIALS).doesNotExist();
        given().get("/device-id").then().body("registered", equalTo(false));
    }

    @Test
    void keyTheCloudRefusesIsRejectedAndNothingIsStored() {
        register(Map.of("apiKey", REVOKED_KEY, "deviceName", "Pi")).then().statusCode(400)
                .body("error", equalTo("key_rejected"));

        assertThat(CREDENTIALS).doesNotExist();
    }

    @Test
    void malformedRegistrationsAre400WithTheContractsErrorJson() {
        register(Map.of("deviceName", "Pi")).then().statusCode(400)
                .body("error", equalTo("invalid_input")).body("details[0].field", equalTo("apiKey"));
        register(Map.of("apiKey", "not-a-key", "deviceName", "Pi")).then().statusCode(400)
                .body("error", equalTo("invalid_input"));
        register(Map.of("apiKey", MY_KEY, "deviceName", "")).then().statusCode(400)
                .body("details[0].field", equalTo("deviceName"));
        register("{not json").then().statusCode(400).body("success", equalTo(false));

        assertThat(CREDENTIALS).doesNotExist();
    }

    @Test
    void corsLetsTheConfiguredWebUiOriginCall() {
        given().header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/device-register")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("POST"));
        given().header("Origin", "http://127.0.0.1:8080").when().get("/device-id")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "http://127.0.0.1:8080");
    }

    @Test
    void corsRefusesOtherOrigins() {
        given().header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/device-register")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://evil.example").when().get("/device-id")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void statusShowsAFailingSensorWhileTheOthersKeepReading() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/status").then().statusCode(200)
                .body("deviceId", equalTo(StubCloudResource.DEVICE_ID))
                .body("cloudUrl", notNullValue())
                .body("sensors.find { it.name == 'simulated' }.values.temperature", notNullValue())
                .body("sensors.find { it.name == 'soc-temperature' }.error", notNullValue())
                .body("buffer.maxReadings", equalTo(100000)));
    }
}
