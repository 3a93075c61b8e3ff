package dev.pifleet.alerts;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs may be called. A URL is refused when it is not plain http(s) or when its host resolves to an
 * address of the cloud's own network: loopback, private, shared (CGNAT), link-local (the 169.254.169.254 metadata
 * service), unique-local IPv6, multicast or unspecified. The sender checks the addresses again right before each
 * send, so a name that later resolves elsewhere (DNS rebinding) is still refused.
 */
public final class WebhookTargets {

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
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a webhook URL carries no user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("a webhook URL has no #fragment");
        }
        return Optional.empty();
    }

    /**
     * Resolves the URL's host and returns why it may not be called, or empty when every address it resolves to
     * is public (or when private targets are allowed).
     */
    public static Optional<String> addressProblem(String url, boolean allowPrivate) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            return Optional.of("the webhook host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("the webhook host resolves to a loopback, private, link-local or metadata address");
            }
        }
        return Optional.empty();
    }

    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240;                            // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7, e.g. fd00:ec2::254 (a cloud metadata service)
            }
            if (isMappedOrCompatibleV4(bytes)) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) || (bytes[10] == 0 && bytes[11] == 0);
    }
}
