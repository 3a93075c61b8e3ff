package dev.pifleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void internalAddressesAreRecognised() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1",
                "::ffff:169.254.169.254", "224.0.0.1", "255.255.255.255"}) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                "2606:4700:4700::1111"}) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void onlyPlainHttpUrlsWithAHostAreAccepted() {
        assertThat(WebhookTargets.formProblem("https://hooks.example.com/pifleet")).isEmpty();
        assertThat(WebhookTargets.formProblem("http://hooks.example.com:8080/x?y=1")).isEmpty();
        assertThat(WebhookTargets.formProblem("ftp://example.com/")).isPresent();
        assertThat(WebhookTargets.formProblem("file:///etc/passwd")).isPresent();
        assertThat(WebhookTargets.formProblem("https://user:pw@example.com/")).isPresent();
        assertThat(WebhookTargets.formProblem("not a url")).isPresent();
        assertThat(WebhookTargets.formProblem("https:///path")).isPresent();
        assertThat(WebhookTargets.formProblem("https://example.com/" + "a".repeat(2100))).isPresent();
    }

    @Test
    void loopbackTargetsAreRefusedUnlessAllowed() {
        assertThat(WebhookTargets.addressProblem("http://127.0.0.1:9/x", false)).isPresent();
        assertThat(WebhookTargets.addressProblem("http://localhost:9/x", false)).isPresent();
        assertThat(WebhookTargets.addressProblem("http://[::1]:9/x", false)).isPresent();
        assertThat(WebhookTargets.addressProblem("http://127.0.0.1:9/x", true)).isEmpty();
    }

    @Test
    void theSignatureIsTheHexHmacOfTheRawBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSignature.header("Jefe", "what do ya want for nothing?".getBytes()))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(WebhookSignature.newSecret()).startsWith("whsec_").hasSize(6 + 64);
    }
}
