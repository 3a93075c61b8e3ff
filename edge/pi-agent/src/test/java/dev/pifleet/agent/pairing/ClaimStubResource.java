package dev.pifleet.agent.pairing;

import java.util.Map;

/**
 * The stub cloud for the claim-code tests, as an agent of its own (its legacy-pairing rate limit is not shared with
 * {@code LocalApiTest}), taking readings every second so uploads can be observed.
 */
public class ClaimStubResource extends StubCloudResource {

    @Override
    protected Map<String, String> extraConfig() {
        return Map.of("pifleet.agent.reading-interval", "1s", "pifleet.agent.upload.idle-interval", "1s");
    }
}
