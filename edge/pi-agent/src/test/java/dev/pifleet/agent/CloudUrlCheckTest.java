package dev.pifleet.agent;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CloudUrlCheckTest {

    private static AgentConfig config(String cloudUrl, boolean requireHttps) {
        return config(cloudUrl, cloudUrl, requireHttps);
    }

    private static AgentConfig config(String cloudUrl, String registryUrl, boolean requireHttps) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] {AgentConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "cloudUrl" -> URI.create(cloudUrl);
                    case "registryUrl" -> URI.create(registryUrl);
                    case "requireHttps" -> requireHttps;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void cloudEnvironmentRefusesAPlainHttpCloudUrlWithAClearMessage() {
        assertThatThrownBy(() -> new CloudUrlCheck(config("http://cloud.example.com", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https://").hasMessageContaining("PIFLEET_CLOUD_URL");
    }

    @Test
    void cloudEnvironmentRefusesAPlainHttpRegistryUrlToo() {
        assertThatThrownBy(() -> new CloudUrlCheck(config("https://cloud.example.com", "http://cloud.example.com", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pifleet.agent.registry-url").hasMessageContaining("https://");
    }

    @Test
    void cloudEnvironmentAcceptsHttpsAndLocalAcceptsPlainHttp() {
        assertThatCode(() -> new CloudUrlCheck(config("https://cloud.example.com", true))).doesNotThrowAnyException();
        assertThatCode(() -> new CloudUrlCheck(config("http://127.0.0.1:8082", false))).doesNotThrowAnyException();
    }
}
