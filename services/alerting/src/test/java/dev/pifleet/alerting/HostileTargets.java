package dev.pifleet.alerting;

import dev.pifleet.alerts.SpecialPurposeRegistry;
import dev.pifleet.alerts.WebhookTargets;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook URLs that must be refused in production: both ends of every block of IANA's special-purpose registries
 * that is not globally reachable, every IPv6 form of every such IPv4 block, multicast, IPv6 outside global
 * unicast, and names (answered by {@link TestDns}) that resolve to such addresses or do not resolve.
 */
public final class HostileTargets {

    /** An unallocated global unicast address: it passes the check and routes nowhere. */
    public static final String NOWHERE = "3000::1";

    private HostileTargets() {
    }

    /** "label → URL", each pointing at {@code port} so that a target that got through would reach a receiver there. */
    public static List<String[]> urls(int port) {
        List<String[]> urls = new ArrayList<>();
        for (SpecialPurposeRegistry.Block block : SpecialPurposeRegistry.BLOCKS) {
            if (block.globallyReachable()) {
                continue;
            }
            for (InetAddress end : block.ends()) {
                urls.add(new String[] {block.prefix() + " " + end.getHostAddress(), url(end, port)});
            }
            if (block.network().length == 4) {
                WebhookTargets.ipv4InIpv6(block.network()).forEach((form, address) ->
                        urls.add(new String[] {block.prefix() + " as " + form, url(address, port)}));
            }
        }
        for (String other : List.of("224.0.0.1", "239.255.255.250", "ff02::1", "4000::1", "fec0::1")) {
            urls.add(new String[] {other, url(byName(other), port)});
        }
        urls.add(new String[] {"a name for 127.0.0.1", "http://7f000001.addr.pifleet.test:" + port + "/hook"});
        urls.add(new String[] {"a name for 169.254.169.254", "http://a9fea9fe.addr.pifleet.test:" + port + "/hook"});
        urls.add(new String[] {"a name for 192.0.0.192", "http://c00000c0.addr.pifleet.test:" + port + "/hook"});
        urls.add(new String[] {"a name for a public and a loopback address",
                "http://" + hex(NOWHERE) + "-7f000001.addr.pifleet.test:" + port + "/hook"});
        urls.add(new String[] {"a name that does not resolve", "http://nothing-here.pifleet.test:" + port + "/hook"});
        urls.add(new String[] {"localhost", "http://localhost:" + port + "/hook"});
        return urls;
    }

    /** The {@link TestDns} form of an address literal. */
    public static String hex(String literal) {
        return TestDns.hex(byName(literal));
    }

    private static InetAddress byName(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static String url(InetAddress address, int port) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "http://" + host + ":" + port + "/hook";
    }
}
