package dev.pifleet.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.pifleet.registry.TestAgents.TestAgent;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import dev.pifleet.testing.ThroughTheApis;
import io.restassured.RestAssured;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built jar (target/quarkus-app), as a Pod runs it: an agent paired by its claim code, and by deviceId. */
class PackagedJarIT {

    private static QuarkusAppProcess registry;

    @BeforeAll
    static void startTheJar() {
        registry = SharedServices.deviceRegistry();
        // TestAgents speaks to RestAssured's default address.
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = registry.port();
    }

    @Test
    void anAgentShowsACodeTheOwnerClaimsItAndTheAgentCollectsItsKey() {
        String session = ThroughTheApis.newSession(SharedServices.authGateway());
        TestAgent agent = TestAgents.newAgent("jar-" + UUID.randomUUID());
        agent.collect().statusCode(404);
        TestAgents.claimByCode(session, agent.code(), "Greenhouse").statusCode(201)
                .body("deviceId", equalTo(agent.deviceId()));
        given().header("x-session-token", session).get("/api/devices/" + agent.deviceId())
                .then().statusCode(200).body("device.name", equalTo("Greenhouse"));
        agent.collect().statusCode(200).body("apiKey", startsWith("pfk_"));

        String stranger = ThroughTheApis.newSession(SharedServices.authGateway());
        given().header("x-session-token", stranger).get("/api/devices/" + agent.deviceId()).then().statusCode(404);
        given().header("x-session-token", stranger).contentType("application/json")
                .body("{\"deviceId\":\"" + agent.deviceId() + "\"}").post("/api/device/register")
                .then().statusCode(409);
        ThroughTheApis.register(registry, stranger, "jar-" + UUID.randomUUID());
    }
}
