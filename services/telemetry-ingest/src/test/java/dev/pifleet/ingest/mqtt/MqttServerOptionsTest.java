package dev.pifleet.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain TCP only when allowed: device keys must not cross a network in clear text by accident. */
class MqttServerOptionsTest {

    @Test
    void withoutCertificateAndWithoutPlainAllowedTheEndpointRefusesToStart() {
        assertThatThrownBy(() -> MqttListener.serverOptions(config(null, null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs TLS");
    }

    @Test
    void plainTcpWhenExplicitlyAllowed() {
        MqttServerOptions options = MqttListener.serverOptions(config(null, null, true));
        assertThat(options.isSsl()).isFalse();
        assertThat(options.getPort()).isEqualTo(8883);
        assertThat(options.getMaxMessageSize()).isEqualTo(1024 * 1024);
    }

    @Test
    void aCertificateMeansTlsOnlyEvenWhenPlainIsAllowed() {
        assertThat(MqttListener.serverOptions(config("/certs/tls.crt", "/certs/tls.key", true)).isSsl()).isTrue();
        assertThat(MqttListener.serverOptions(config("/certs/tls.crt", "/certs/tls.key", false)).isSsl()).isTrue();
    }

    @Test
    void halfATlsConfigurationIsRefused() {
        assertThatThrownBy(() -> MqttListener.serverOptions(config("/certs/tls.crt", null, true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
    }

    private static MqttConfig config(String certFile, String keyFile, boolean plainAllowed) {
        return new MqttConfig() {
            public boolean enabled() {
                return true;
            }

            public String host() {
                return "0.0.0.0";
            }

            public int port() {
                return 8883;
            }

            public Tls tls() {
                return new Tls() {
                    public Optional<String> certFile() {
                        return Optional.ofNullable(certFile);
                    }

                    public Optional<String> keyFile() {
                        return Optional.ofNullable(keyFile);
                    }
                };
            }

            public boolean plainAllowed() {
                return plainAllowed;
            }

            public MemorySize maxMessageSize() {
                return new MemorySize(java.math.BigInteger.valueOf(1024 * 1024));
            }

            public int maxInFlight() {
                return 1000;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(10);
            }

            public Duration keyRecheckInterval() {
                return Duration.ofSeconds(2);
            }

            public Limit badCredentials() {
                return limit();
            }

            public Limit badInput() {
                return limit();
            }

            private Limit limit() {
                return new Limit() {
                    public int max() {
                        return 10;
                    }

                    public Duration window() {
                        return Duration.ofMinutes(1);
                    }
                };
            }
        };
    }
}
