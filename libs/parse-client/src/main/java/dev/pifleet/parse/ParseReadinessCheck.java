package dev.pifleet.parse;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** An app that stores in Parse is ready only while Parse Server answers. */
@Readiness
@ApplicationScoped
public class ParseReadinessCheck implements HealthCheck {

    private final ParseClient parse;

    ParseReadinessCheck(ParseClient parse) {
        this.parse = parse;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("parse-server").status(parse.isHealthy()).build();
    }
}
