package dev.pifleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void theRegistryIsReadWhole() {
        Set<String> prefixes = SpecialPurposeRegistry.BLOCKS.stream().map(SpecialPurposeRegistry.Block::prefix)
                .collect(Collectors.toSet());
        // 25 IPv4 rows (one with two blocks) and 25 IPv6 rows.
        assertThat(SpecialPurposeRegistry.BLOCKS).hasSize(26 + 25);
        assertThat(prefixes).contains("0.0.0.0/8", "192.0.0.0/24", "192.0.0.170/32", "192.0.0.171/32", "198.18.0.0/15",
                "192.0.2.0/24", "255.255.255.255/32", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/32",
                "2001:db8::/32", "2002::/16", "3fff::/20", "fc00::/7", "fe80::/10");
        assertThat(SpecialPurposeRegistry.BLOCKS).filteredOn(SpecialPurposeRegistry.Block::globallyReachable)
                .extracting(SpecialPurposeRegistry.Block::prefix)
                .containsExactlyInAnyOrder("192.0.0.9/32", "192.0.0.10/32", "192.31.196.0/24", "192.52.193.0/24",
                        "192.175.48.0/24", "64:ff9b::/96", "2001:1::1/128", "2001:1::2/128", "2001:1::3/128",
                        "2001:3::/32", "2001:4:112::/48", "2001:20::/28", "2001:30::/28", "2620:4f:8000::/48");
    }

    @Test
    void everyBlockTheRegistryDoesNotCallGloballyReachableIsRefusedAtBothEnds() {
        List<String> accepted = new ArrayList<>();
        for (SpecialPurposeRegistry.Block block : SpecialPurposeRegistry.BLOCKS) {
            if (!block.globallyReachable()) {
                block.ends().stream().filter(WebhookTargets::isPublic).forEach(end -> accepted.add(block.prefix() + " " + end));
            }
        }
        assertThat(accepted).isEmpty();
    }

    /** Each IPv4 block that is refused, at both ends, in every IPv6 form that embeds an IPv4 address. */
    @Test
    void everyFormThatEmbedsARefusedIpv4AddressIsRefused() {
        List<String> accepted = new ArrayList<>();
        for (SpecialPurposeRegistry.Block block : SpecialPurposeRegistry.BLOCKS) {
            if (block.globallyReachable() || block.network().length != 4) {
                continue;
            }
            for (InetAddress end : block.ends()) {
                WebhookTargets.ipv4InIpv6(end.getAddress()).forEach((form, address) -> {
                    if (WebhookTargets.isPublic(address)) {
                        accepted.add(block.prefix() + " as " + form + ": " + address.getHostAddress());
                    }
                });
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void aPublicIpv4AddressIsAcceptedAsItselfMappedAndThroughTheWellKnownNat64Prefix() throws Exception {
        byte[] google = InetAddress.getByName("8.8.8.8").getAddress();
        Map<String, InetAddress> forms = WebhookTargets.ipv4InIpv6(google);
        assertThat(WebhookTargets.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(WebhookTargets.isPublic(forms.get("mapped"))).isTrue();
        assertThat(WebhookTargets.isPublic(forms.get("NAT64 64:ff9b::/96"))).isTrue();
        // The forms the registry does not call globally reachable stay refused whatever they carry.
        for (String refused : List.of("compatible", "translated", "NAT64 local 64:ff9b:1::/48", "6to4",
                "Teredo server", "Teredo client")) {
            assertThat(WebhookTargets.isPublic(forms.get(refused))).as(refused).isFalse();
        }
    }

    @Test
    void publicAndReservedSamples() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "::", "::1", "fe80::1", "fd00:ec2::254", "fec0::1",
                "::ffff:127.0.0.1", "::ffff:169.254.169.254", "224.0.0.1", "239.255.255.250", "255.255.255.255",
                "ff02::1", "4000::1", "198.18.0.1", "198.19.255.255", "192.0.2.1", "192.0.0.192", "192.0.0.9",
                "100::1", "100:0:0:1::1", "2001:db8::1", "2001:1::1", "2001:20::1", "3fff::1", "5f00::1",
                "::ffff:0:7f00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",
                "2002:7f00:1::", "2002:a9fe:a9fe::", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"}) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
        for (String external : new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "198.20.0.1",
                "192.0.1.1", "192.31.196.1", "2606:4700:4700::1111", "2a00:1450:4001::1", "64:ff9b::808:808",
                "::ffff:8.8.8.8", "3000::1"}) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void refusedAndUnresolvableHostsGetTheSameAnswer() {
        for (String url : List.of("http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x",
                "http://[::ffff:0:7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/",
                "http://198.18.0.1/", "http://192.0.0.192/", "http://[100::1]/", "http://[2001:db8::1]/",
                "http://no-such-host.invalid/hook")) {
            assertThat(WebhookTargets.addressProblem(url, false)).as(url).contains(WebhookTargets.REFUSED);
        }
        assertThat(WebhookTargets.addressProblem("http://127.0.0.1:9/x", true)).isEmpty();
        assertThat(WebhookTargets.addressProblem("http://no-such-host.invalid/hook", true)).contains(WebhookTargets.REFUSED);
        assertThat(WebhookTargets.addressProblem("https://[2606:4700:4700::1111]/hook", false)).isEmpty();
    }

    @Test
    void theAddressesToConnectToCarryNoNameToResolveAgain() {
        assertThat(WebhookTargets.addresses("localhost", true)).hasValueSatisfying(addresses ->
                assertThat(addresses).isNotEmpty().allSatisfy(address -> assertThat(address.toString()).startsWith("/")));
        assertThat(WebhookTargets.addresses("localhost", false)).isEmpty();
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
        for (String ambiguous : List.of("http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://2130706433/", "http://127.1/",
                "http://0x7f000001/", "http://017700000001/", "http://1.2.3.04/", "http://hooks.example.1/")) {
            assertThat(WebhookTargets.formProblem(ambiguous)).as(ambiguous).isPresent();
        }
        assertThat(WebhookTargets.formProblem("https://8.8.8.8/hook")).isEmpty();
        assertThat(WebhookTargets.formProblem("https://cafe.be/hook")).isEmpty();
        assertThat(WebhookTargets.formProblem("https://[::1]/hook")).isEmpty();
    }

    @Test
    void theHmacIsRfc4231s() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSignature.hmacHex("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(WebhookSignature.newSecret()).startsWith("whsec_").hasSize(6 + 64);
    }

    @Test
    void theSignatureCoversTheTimestamp() {
        String secret = WebhookSignature.newSecret();
        byte[] body = "{\"event\":\"opened\",\"timestamp\":1764583653}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(1764583660);
        Duration window = Duration.ofMinutes(5);
        String header = WebhookSignature.header(secret, 1764583653, body);
        assertThat(header).matches("t=1764583653,v1=[0-9a-f]{64}");
        assertThat(header).endsWith(WebhookSignature.hmacHex(secret,
                ("1764583653." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.verify(secret, header, body, now, window)).isTrue();
        // A replay with a fresh timestamp: the HMAC no longer matches.
        assertThat(WebhookSignature.verify(secret, header.replace("t=1764583653", "t=1764583659"), body, now, window)).isFalse();
        assertThat(WebhookSignature.verify(secret, header, body, now.plus(Duration.ofMinutes(6)), window)).isFalse();
        assertThat(WebhookSignature.verify(secret, header, "{\"event\":\"resolved\",\"timestamp\":1764583653}"
                .getBytes(StandardCharsets.UTF_8), now, window)).isFalse();
        assertThat(WebhookSignature.verify("whsec_other", header, body, now, window)).isFalse();
        assertThat(WebhookSignature.verify(secret, "v1=" + header.substring(header.indexOf("v1=") + 3), body, now, window)).isFalse();
        assertThat(WebhookSignature.verify(secret, null, body, now, window)).isFalse();
    }
}
