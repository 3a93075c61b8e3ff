package dev.pifleet.session;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A service that validates sessions is ready only while the auth-gateway answers. */
@Readiness
@ApplicationScoped
public class AuthGatewayReadinessCheck implements HealthCheck {

    private final SessionVerifier sessions;

    AuthGatewayReadinessCheck(SessionVerifier sessions) {
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("auth-gateway").status(sessions.gatewayAnswers()).build();
    }
}
