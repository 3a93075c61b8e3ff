package dev.pifleet.alerts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which webhook URLs may be called, and at which addresses. A URL must be plain http(s) and its host must resolve
 * to public addresses only: every address IANA's special-purpose registries ({@link SpecialPurposeRegistry}) do
 * not mark globally reachable is refused, as are multicast and, for IPv6, everything outside global unicast
 * (2000::/3). IPv4-mapped and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address inside them; the
 * other forms that embed an IPv4 address (compatible ::/96, translated ::ffff:0:0:0/96, local-use NAT64
 * 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32) are refused whatever they embed, as the registry does not
 * call them globally reachable. The sender connects to the addresses this class returned, so a name that resolves
 * elsewhere a moment later (DNS rebinding) changes nothing.
 */
public final class WebhookTargets {

    /**
     * The one answer for a host that does not resolve and for one that resolves to a refused address: different
     * answers would tell any user which internal names exist.
     */
    public static final String REFUSED = "the webhook host must resolve to public internet addresses only";

    public static final int MAX_URL_LENGTH = 2048;

    private WebhookTargets() {
    }

    /** Why the URL's form is unusable, or empty when it is a well-formed http(s) URL. */
    public static Optional<String> formProblem(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("a webhook URL is at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("a webhook URL starts with https:// (or http://)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("a webhook URL names a host");
        }
        if (ambiguousIpv4(uri.getHost())) {
            return Optional.of("a webhook host is a name or an IPv4 address as four decimal numbers");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a webhook URL carries no user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("a webhook URL has no #fragment");
        }
        return Optional.empty();
    }

    /**
     * A host that URL parsers read as an IPv4 address (its last label is a number, WHATWG's rule) but that is not
     * four plain decimal numbers: 0177.0.0.1 is 127.0.0.1 to curl and a browser and 177.0.0.1 to the JDK, so no
     * one check could stand for every reader.
     */
    private static boolean ambiguousIpv4(String host) {
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1 ? labels[labels.length - 2] : labels[labels.length - 1];
        if (!last.matches("[0-9]+|0[xX][0-9a-fA-F]*")) {
            return false;
        }
        return !host.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    }

    /** Why the URL's host may not be called ({@link #REFUSED}), or empty. */
    public static Optional<String> addressProblem(String url, boolean allowPrivate) {
        return addresses(URI.create(url).getHost(), allowPrivate).isPresent() ? Optional.empty() : Optional.of(REFUSED);
    }

    /**
     * Resolves {@code host} once and returns the addresses to connect to, without a host name (so that nothing
     * resolves them again), or empty when the name does not resolve or any of its addresses is refused.
     */
    public static Optional<List<InetAddress>> addresses(String host, boolean allowPrivate) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException unknown) {
            return Optional.empty();
        }
        List<InetAddress> checked = new ArrayList<>();
        for (InetAddress address : resolved) {
            if (!allowPrivate && !isPublic(address)) {
                return Optional.empty();
            }
            checked.add(withoutName(address));
        }
        return checked.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(checked));
    }

    /** Whether a webhook may be sent to this address in production. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            if (startsWith(bytes, MAPPED) || startsWith(bytes, NAT64)) {
                return isPublic(ipv4(bytes));
            }
            if ((bytes[0] & 0xe0) != 0x20) {
                return false; // outside 2000::/3: no global unicast
            }
        } else if ((bytes[0] & 0xf0) == 0xe0) {
            return false; // 224.0.0.0/4, multicast (not in the special-purpose registry)
        }
        // Every block that holds the address counts: 192.0.0.9/32 is reachable, but 192.0.0.0/24 around it is not.
        for (SpecialPurposeRegistry.Block block : SpecialPurposeRegistry.BLOCKS) {
            if (!block.globallyReachable() && block.contains(bytes)) {
                return false;
            }
        }
        return true;
    }

    /** ::ffff:0:0/96 and 64:ff9b::/96: the IPv4 address is the last 32 bits. */
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static InetAddress withoutName(InetAddress address) {
        try {
            return address instanceof Inet6Address v6 && v6.getScopeId() != 0
                    ? Inet6Address.getByAddress(null, v6.getAddress(), v6.getScopeId())
                    : InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The IPv6 forms that carry an IPv4 address, by name: what {@link #isPublic} unwraps (mapped, NAT64
     * 64:ff9b::/96) or refuses whatever they carry (the others). The tests enumerate the forms from here.
     */
    public static Map<String, InetAddress> ipv4InIpv6(byte[] v4) {
        Map<String, InetAddress> forms = new LinkedHashMap<>();
        forms.put("mapped", v6(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, v4, 12));
        forms.put("compatible", v6(new int[] {}, v4, 12));
        forms.put("translated", v6(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0}, v4, 12));
        forms.put("NAT64 64:ff9b::/96", v6(new int[] {0, 0x64, 0xff, 0x9b}, v4, 12));
        forms.put("NAT64 local 64:ff9b:1::/48", v6(new int[] {0, 0x64, 0xff, 0x9b, 0, 1}, v4, 6));
        forms.put("6to4", v6(new int[] {0x20, 0x02}, v4, 2));
        forms.put("Teredo server", v6(new int[] {0x20, 0x01, 0, 0}, v4, 4));
        byte[] inverted = new byte[4];
        for (int i = 0; i < 4; i++) {
            inverted[i] = (byte) ~v4[i];
        }
        forms.put("Teredo client", v6(new int[] {0x20, 0x01, 0, 0, 65, 54, 227, 120}, inverted, 12));
        return forms;
    }

    private static InetAddress v6(int[] prefix, byte[] v4, int at) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < prefix.length; i++) {
            bytes[i] = (byte) prefix[i];
        }
        System.arraycopy(v4, 0, bytes, at, 4);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
