package dev.pifleet.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/**
 * Users and devices arranged through the services' own HTTP APIs, as a user and the seed's Pi would: for the tests
 * of packaged jars ({@code *IT}), which have no beans to inject.
 */
public final class ThroughTheApis {

    public static final String PASSWORD = "correct horse battery";

    private ThroughTheApis() {
    }

    /** A new account with {@link #PASSWORD}; returns its email. */
    public static String signUp(QuarkusAppProcess gateway) {
        String email = "jar-" + UUID.randomUUID() + "@example.test";
        given().baseUri(gateway.url()).contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/signup").then().statusCode(201);
        return email;
    }

    /** A new session of the account. */
    public static String logIn(QuarkusAppProcess gateway, String email) {
        return given().baseUri(gateway.url()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("sessionToken");
    }

    /** A session of a new account. */
    public static String newSession(QuarkusAppProcess gateway) {
        return logIn(gateway, signUp(gateway));
    }

    /** A new account's session and a device it paired by deviceId, with the device's API key. */
    public record OwnedDevice(String session, String deviceId, String apiKey) {
    }

    /** A new account with a new device, through the shared auth-gateway and device-registry. */
    public static OwnedDevice newOwnedDevice() {
        String session = newSession(SharedServices.authGateway());
        String deviceId = "jar-" + UUID.randomUUID();
        return new OwnedDevice(session, deviceId, register(SharedServices.deviceRegistry(), session, deviceId));
    }

    /** Pairs a new device by its deviceId (the registry runs with legacy pairing on); returns its API key. */
    public static String register(QuarkusAppProcess registry, String session, String deviceId) {
        return given().baseUri(registry.url()).header("x-session-token", session).contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "deviceName", "jar test pi"))
                .post("/api/device/register").then().statusCode(201).extract().path("apiKey");
    }
}
