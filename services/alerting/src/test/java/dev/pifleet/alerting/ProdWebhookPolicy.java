package dev.pifleet.alerting;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The prod overlay's webhook policy (internal targets refused), and a short webhook timeout for the tests. */
public class ProdWebhookPolicy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pifleet.alerts.allow-private-webhooks", "false", "pifleet.alerts.webhook-timeout", "2s");
    }
}
