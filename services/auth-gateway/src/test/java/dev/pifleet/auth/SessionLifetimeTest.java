package dev.pifleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.testing.ParseServerProcess;
import dev.pifleet.testing.ParseStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** parse-server/index.js: sessions last 30 days unless PARSE_SESSION_LENGTH says otherwise (Parse's own default is a year). */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SessionLifetimeTest {

    @Test
    void aNewSessionExpiresInThirtyDays() throws Exception {
        String token = TestUsers.signUp(TestUsers.newEmail());
        ParseServerProcess parse = ParseStack.shared().parseServer();

        HttpResponse<String> session = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(parse.url() + "/sessions/me"))
                        .header("X-Parse-Application-Id", parse.appId())
                        .header("X-Parse-Session-Token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(session.statusCode()).isEqualTo(200);
        JsonNode expiresAt = new ObjectMapper().readTree(session.body()).path("expiresAt").path("iso");
        Instant expiry = Instant.parse(expiresAt.asText());
        assertThat(expiry).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
    }
}
