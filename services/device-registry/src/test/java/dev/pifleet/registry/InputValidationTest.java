package dev.pifleet.registry;

import static dev.pifleet.registry.TestDevices.claim;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every invalid input is a 400 with the contract's error JSON naming the field; nothing reaches Parse. */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class InputValidationTest {

    private TestUser alice;

    @BeforeEach
    void arrangeUser() {
        alice = TestUsers.signUp();
    }

    static Stream<Arguments> invalidRegistrations() {
        return Stream.of(
                Arguments.of("{\"deviceName\":\"Pi\"}", "deviceId"),
                Arguments.of("{\"deviceId\":\"ab\"}", "deviceId"),
                Arguments.of("{\"deviceId\":\"" + "a".repeat(129) + "\"}", "deviceId"),
                Arguments.of("{\"deviceId\":\"pi one\"}", "deviceId"),
                Arguments.of("{\"deviceId\":\"pi/../x\"}", "deviceId"),
                Arguments.of("{\"deviceId\":{\"$ne\":null}}", "deviceId"),
                Arguments.of("{\"deviceId\":[\"pi-1234\"]}", "deviceId"),
                Arguments.of("{\"deviceId\":12345}", "deviceId"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":\"\"}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":\"   \"}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":\"" + "n".repeat(65) + "\"}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":\"bell\\u0007\"}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":\"line\\nbreak\"}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":{\"$gt\":\"\"}}", "deviceName"),
                Arguments.of("{\"deviceId\":\"pi-1234\",\"deviceName\":true}", "deviceName"),
                Arguments.of("[]", "body"),
                Arguments.of("null", "body"));
    }

    @ParameterizedTest
    @MethodSource("invalidRegistrations")
    void invalidRegistrationIsRefusedNamingTheField(String body, String field) {
        given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/register")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("invalid_input"))
                .body("details.field", hasItem(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"deviceId\":", "{deviceId: pi-1234}", "{\"deviceId\":\"pi-1234\"} trailing"})
    void malformedJsonIsRefused(String body) {
        given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/device/register")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("success", equalTo(false))
                .body("error", equalTo("malformed_json"));
    }

    @Test
    void bodyOverSixteenKibibytesIsRefused() {
        String name = "x".repeat(17 * 1024);
        given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"pi-1234\",\"deviceName\":\"" + name + "\"}")
                .when().post("/api/device/register")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "pi%20one", "pi%24x", "pi%3Bdrop"})
    void invalidDeviceIdInThePathIsRefusedNamingTheField(String encodedDeviceId) {
        given().urlEncodingEnabled(false).header("x-session-token", alice.sessionToken())
                .when().get("/api/devices/" + encodedDeviceId)
                .then().statusCode(400)
                .body("error", equalTo("invalid_input"))
                .body("details.field", hasItem("deviceId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\":\"\"}", "{\"name\":\"tab\\there\"}", "{\"name\":42}", "{\"name\":[\"a\"]}"})
    void invalidRenameIsRefusedNamingTheField(String body) {
        String deviceId = newDeviceId();
        claim(alice.sessionToken(), deviceId);
        given().header("x-session-token", alice.sessionToken()).contentType(ContentType.JSON).body(body)
                .when().patch("/api/devices/" + deviceId)
                .then().statusCode(400)
                .body("error", equalTo("invalid_input"))
                .body("details.field", hasItem("name"));
    }
}
