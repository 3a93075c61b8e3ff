package dev.pifleet.agent.cloud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.pifleet.agent.identity.DeviceIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pairing by claim code end to end: the agent under test asks the real registry for a code and shows it, a user
 * claims it, the agent collects its own key and streams to the real ingest, and after an unpair it shows a new code.
 */
@QuarkusTest
@WithTestResource(RealCloudResource.class)
class RealClaimTest {

    @Inject
    DeviceIdentity identity;


    @Test
    void theCodeTheAgentShowsPairsItAndTheAgentCollectsItsOwnKey() {
        String deviceId = identity.deviceId();
        String code = shownCode();
        assertThat(given().get("/").then().statusCode(200).extract().asString())
                .contains(code).contains("<svg");
        String session = RealCloud.signUp();

        given().baseUri(RealCloud.registryUrl()).contentType(ContentType.JSON).header("x-session-token", session)
                .body(Map.of("code", code.toLowerCase(), "deviceName", "Greenhouse"))
                .post("/api/devices/claim")
                .then().statusCode(201)
                .body("deviceId", equalTo(deviceId))
                .body("apiKey", nullValue());

        // Within 30 s of the claim: the agent has collected its key, stopped showing the code and reported in.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(RealCloud.registryUrl())
                .header("x-session-token", session).get("/api/devices/" + deviceId)
                .then().statusCode(200).body("device.status", equalTo("online")).body("device.pairing", equalTo("code")));
        given().get("/device-id").then().statusCode(200)
                .body("registered", equalTo(true))
                .body("deviceName", equalTo("Greenhouse"))
                .body("claimCode", nullValue());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(RealCloud.storedIds(session, deviceId)).isNotEmpty());
        // Only the LAN flow could hand a key in now, and a Pi paired by code refuses it.
        given().contentType(ContentType.JSON).body(Map.of("apiKey", "pfk_" + "A".repeat(43), "deviceName", "Mine"))
                .post("/device-register").then().statusCode(409).body("error", equalTo("paired_by_code"));

        given().baseUri(RealCloud.registryUrl()).header("x-session-token", session).delete("/api/devices/" + deviceId)
                .then().statusCode(200);

        // Its key refused, the agent goes back to claim mode by itself.
        String next = await().atMost(Duration.ofMinutes(2)).until(this::claimCodeOrNull, shown -> shown != null);
        assertThat(next).isNotEqualTo(code);
    }

    private String shownCode() {
        return await().atMost(Duration.ofSeconds(60)).until(this::claimCodeOrNull, shown -> shown != null);
    }

    private String claimCodeOrNull() {
        return given().get("/device-id").then().statusCode(200).extract().path("claimCode");
    }
}
