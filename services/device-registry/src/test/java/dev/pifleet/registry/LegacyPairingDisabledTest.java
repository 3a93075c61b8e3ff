package dev.pifleet.registry;

import static dev.pifleet.registry.TestAgents.claimByCode;
import static dev.pifleet.registry.TestAgents.newAgent;
import static dev.pifleet.registry.TestDevices.newDeviceId;
import static dev.pifleet.registry.TestDevices.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestAgents.TestAgent;
import dev.pifleet.registry.TestUsers.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As in production (the prod overlay): a deviceId alone pairs nothing, the claim code still does. */
@QuarkusTest
@TestProfile(LegacyPairingDisabledTest.ProductionPairing.class)
@WithTestResource(AuthGatewayTestResource.class)
class LegacyPairingDisabledTest {

    public static class ProductionPairing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pifleet.pairing.legacy-enabled", "false");
        }
    }

    @Inject
    ParseClient parse;

    @Test
    void pairingByDeviceIdAloneIsRefusedAndStoresNothing() {
        TestUser mallory = TestUsers.signUp();
        String deviceId = newDeviceId();

        register(mallory.sessionToken(), deviceId, "Squatted")
                .statusCode(403)
                .body("success", equalTo(false))
                .body("error", equalTo("legacy_pairing_disabled"))
                .body("$", not(hasKey("apiKey")));

        assertThat(parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME).equalTo(DeviceClass.DEVICE_ID, deviceId)))
                .isZero();
        TestAgent pi = newAgent(deviceId);
        claimByCode(TestUsers.signUp().sessionToken(), pi.code(), "Greenhouse").statusCode(201);
        pi.collect().statusCode(200).body("paired", equalTo(true));
    }
}
