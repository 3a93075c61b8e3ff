package dev.pifleet.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard of the suite's honesty, live: one endpoint's validation removed must make the suite fail. The mutated
 * copy is a loopback stand-in for the registry that ignores what it is sent on {@code PATCH /api/devices/{id}} and
 * answers what the real registry answers to the endpoint's base request: a registry that takes any name and tags as
 * if they were valid. Every field case of that endpoint, judged as {@link AbuseSuiteTest} judges it, must then fail;
 * the same cases against the real registry pass (the suite itself runs them).
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class ValidationRemovedGuardTest {

    private static final String ENDPOINT = "registry.rename";

    @Test
    void withTheRenameValidationRemovedEveryFieldCaseOfItFails() throws IOException {
        AbuseStack stack = AbuseStack.shared();
        Cases.Case base = Cases.named(ENDPOINT + " | base: accepted");
        List<Cases.Case> fieldCases = Cases.names().stream().map(Cases::named)
                .filter(c -> c.endpoint().name().equals(ENDPOINT) && c.expect() == Cases.Expect.REJECTED && c.field() != null)
                .toList();
        assertThat(fieldCases).hasSizeGreaterThan(20);

        HttpServer withoutValidation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        withoutValidation.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            RawHttp.Request asIfValid = LiveValues.resolve(stack, base.endpoint(), base.request().apply(stack)).request();
            RawHttp.HttpAnswer answer = RawHttp.send(stack.url(Service.REGISTRY), asIfValid);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        withoutValidation.start();
        try {
            String mutated = "http://127.0.0.1:" + withoutValidation.getAddress().getPort();
            assertThat(judge(stack, base, mutated)).as("the base request through the stand-in").isEmpty();
            for (Cases.Case hostile : fieldCases) {
                assertThat(judge(stack, hostile, mutated)).as(hostile.name()).isNotEmpty();
            }
        } finally {
            withoutValidation.stop(0);
        }
    }

    /** The suite's verdict on one case sent to {@code url}. */
    private static List<String> judge(AbuseStack stack, Cases.Case c, String url) {
        RawHttp.Request request = LiveValues.resolve(stack, c.endpoint(), c.request().apply(stack)).request();
        RawHttp.HttpAnswer answer = RawHttp.send(url, request);
        return Verdict.problems(c.expect(), c.field(), c.otherCode(), answer.status(), answer.body());
    }
}
