package dev.pifleet.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SecurityHeadersTest {

    @Test
    void theUiItsJsonAndItsErrorsCarryTheHeaders() {
        for (String path : new String[] {"/", "/js/api.js", "/config.json", "/api/health", "/no/such/page"}) {
            Response answer = given().get(path);
            String policy = answer.header("Content-Security-Policy");
            assertThat(policy).as(path)
                    .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(answer.header("Strict-Transport-Security")).as(path).isNull();
        }
    }

    @Test
    void theUiMayConnectToTheRegistryAndIngestOfItsConfig() {
        String policy = given().get("/").header("Content-Security-Policy");

        assertThat(policy).contains("connect-src 'self' http://localhost:8081 http://localhost:8082 ");
    }

    @Test
    void hstsIsSentOverHttpsFromTheTrustedProxy() {
        given().header("X-Forwarded-Proto", "https").get("/").then().statusCode(200)
                .header("Strict-Transport-Security", equalTo("max-age=31536000"));
        given().get("/").then().header("Strict-Transport-Security", nullValue());
    }

    @Test
    void theUiHasNoInlineScriptOrHandler() throws IOException {
        String html;
        try (InputStream page = getClass().getResourceAsStream("/META-INF/resources/index.html")) {
            html = new String(page.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("javascript:").doesNotContain(" style=");
    }
}
