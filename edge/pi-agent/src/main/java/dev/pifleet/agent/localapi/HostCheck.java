package dev.pifleet.agent.localapi;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the local API answers. A DNS-rebinding page at {@code evil.test} that re-points its name
 * to the Pi reaches port 5000 as "same origin", with {@code Host: evil.test}; refusing unknown names stops it.
 * Accepted: IP literals (v4, or v6 in brackets), {@code localhost}, the given names; the port is ignored.
 */
public final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^\\[[0-9a-f.]*:[0-9a-f:.]*(%25[0-9a-z._~-]+)?]$");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

    private final Set<String> names = new HashSet<>();

    public HostCheck(Collection<String> allowedNames) {
        names.add("localhost");
        allowedNames.forEach(name -> names.add(normalize(name)));
    }

    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !(end == host.length() - 1 || PORT.matcher(host.substring(end + 1)).matches())) {
                return false;
            }
            return IPV6.matcher(host.substring(0, end + 1)).matches();
        }
        host = PORT.matcher(host).replaceFirst("");
        return IPV4.matcher(host).matches() || names.contains(normalize(host));
    }

    /** Lower case, without the root's trailing dot ({@code localhost.} is {@code localhost}). */
    private static String normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
