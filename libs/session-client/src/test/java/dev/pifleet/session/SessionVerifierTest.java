package dev.pifleet.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.service.ApiException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The verifier's own rules (what is cached, which answer becomes which error) against a scripted gateway. */
class SessionVerifierTest {

    private static final VerifiedUser ALICE = new VerifiedUser("u1", "alice@example.test", VerifiedUser.SESSION, List.of());

    @Test
    void aValidTokenIsAskedForOnceWithinTheCacheTtl() {
        ScriptedGateway gateway = new ScriptedGateway(token -> Response.ok(ALICE).build());
        SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ofMinutes(1));

        assertThat(verifier.verify("r:one")).isEqualTo(ALICE);
        assertThat(verifier.verify("r:one")).isEqualTo(ALICE);
        assertThat(gateway.asked).containsExactly("r:one");

        verifier.verify("r:two");
        assertThat(gateway.asked).containsExactly("r:one", "r:two");
    }

    @Test
    void aZeroTtlAsksTheGatewayEveryTime() {
        ScriptedGateway gateway = new ScriptedGateway(token -> Response.ok(ALICE).build());
        SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ZERO);

        verifier.verify("r:one");
        verifier.verify("r:one");
        assertThat(gateway.asked).hasSize(2);
    }

    @Test
    void aRefusedTokenIs401AndIsNotRemembered() {
        for (int status : new int[] {400, 401}) {
            ScriptedGateway gateway = new ScriptedGateway(token -> Response.status(status).build());
            SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ofMinutes(1));

            assertRefused(() -> verifier.verify("r:bad"), 401, "invalid_session");
            assertRefused(() -> verifier.verify("r:bad"), 401, "invalid_session");
            assertThat(gateway.asked).as("status %d", status).hasSize(2);
        }
    }

    @Test
    void aRefusalThrownByTheRestClientIsThe401Too() {
        ScriptedGateway gateway = new ScriptedGateway(token -> {
            throw new WebApplicationException(Response.status(401).build());
        });
        SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ofMinutes(1));

        assertRefused(() -> verifier.verify("r:bad"), 401, "invalid_session");
    }

    @Test
    void aGatewayThatFailsOrCannotBeReachedIs503WithRetryAfterAndNothingIsCached() {
        List<Function<String, Response>> failures = List.of(
                token -> Response.status(500).build(),
                token -> Response.status(503).build(),
                token -> {
                    throw new WebApplicationException(Response.status(502).build());
                },
                token -> {
                    throw new ProcessingException("connection refused");
                });
        for (Function<String, Response> failure : failures) {
            ScriptedGateway gateway = new ScriptedGateway(failure);
            SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ofMinutes(1));

            assertThatThrownBy(() -> verifier.verify("r:one")).isInstanceOfSatisfying(ApiException.class, refused -> {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.retryAfter()).isEqualTo(SessionVerifier.RETRY_AFTER_UNAVAILABLE);
            });
            gateway.answer = token -> Response.ok(ALICE).build();
            assertThat(verifier.verify("r:one")).isEqualTo(ALICE);
        }
    }

    @Test
    void theGatewayAnswersOnlyWhenItsLivenessSays200() {
        ScriptedGateway gateway = new ScriptedGateway(token -> Response.ok(ALICE).build());
        SessionVerifier verifier = new SessionVerifier(gateway, () -> Duration.ofMinutes(1));

        gateway.live = () -> Response.ok().build();
        assertThat(verifier.gatewayAnswers()).isTrue();
        gateway.live = () -> Response.status(503).build();
        assertThat(verifier.gatewayAnswers()).isFalse();
        gateway.live = () -> {
            throw new ProcessingException("connection refused");
        };
        assertThat(verifier.gatewayAnswers()).isFalse();
    }

    private static void assertRefused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, refused -> {
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.code()).isEqualTo(code);
        });
    }

    /** The gateway's two endpoints, answering as scripted (pure logic under test: the HTTP client is not). */
    private static final class ScriptedGateway implements SessionVerifyApi {

        final List<String> asked = new ArrayList<>();
        Function<String, Response> answer;
        Supplier<Response> live = () -> Response.ok().build();

        ScriptedGateway(Function<String, Response> answer) {
            this.answer = answer;
        }

        @Override
        public Response verify(VerifyRequest request) {
            asked.add(request.sessionToken());
            return answer.apply(request.sessionToken());
        }

        @Override
        public Response live() {
            return live.get();
        }
    }
}
