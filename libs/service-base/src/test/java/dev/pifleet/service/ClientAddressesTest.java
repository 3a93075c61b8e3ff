package dev.pifleet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(true, List.of("127.0.0.1", "10.244.0.0/16", "::1"));

    @Test
    void theRightmostEntryThatIsNotATrustedProxyWins() {
        assertThat(addresses.resolve("10.244.3.7", List.of("6.6.6.6, 203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(addresses.resolve("10.244.3.7", List.of("6.6.6.6", "203.0.113.9, 10.244.1.2"))).isEqualTo("203.0.113.9");
        assertThat(addresses.resolve("127.0.0.1", List.of("203.0.113.9:4711"))).isEqualTo("203.0.113.9");
        assertThat(addresses.resolve("0:0:0:0:0:0:0:1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8::1");
    }

    @Test
    void anUntrustedPeerIsTheAddressWhateverItForwards() {
        assertThat(addresses.resolve("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void withoutEntriesOrWithOnlyTrustedOnesThePeerOrTheFirstEntryIsUsed() {
        assertThat(addresses.resolve("10.244.3.7", List.of())).isEqualTo("10.244.3.7");
        assertThat(addresses.resolve("10.244.3.7", List.of("10.244.9.9, 10.244.1.1"))).isEqualTo("10.244.9.9");
    }

    @Test
    void forwardingOffMeansThePeer() {
        ClientAddresses direct = new ClientAddresses(false, List.of("127.0.0.1"));

        assertThat(direct.resolve("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aHostNameInTheTrustedListIsIgnored() {
        ClientAddresses named = new ClientAddresses(true, List.of("proxy.example.com"));

        assertThat(named.resolve("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
    }
}
