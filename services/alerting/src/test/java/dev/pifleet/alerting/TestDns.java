package dev.pifleet.alerting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The test JVM's name resolver (registered in META-INF/services): names under {@code pifleet.test} answer as the
 * name says, every other name goes to the JDK's own resolver. The answers are written in the name, so tests in
 * Quarkus's class loader need no shared state with this class (loaded by the system class loader):
 * <ul>
 * <li>{@code <hex>[-<hex>...].addr.pifleet.test}: those addresses (8 hex digits IPv4, 32 IPv6), always;</li>
 * <li>{@code <label>.<hex A>.<hex B>.rebind.pifleet.test}: A to the first lookup of that name, B to every later
 * one (the JDK's own HTTP client looks a name up twice per request, so an alternating answer would miss);</li>
 * <li>any other {@code pifleet.test} name does not resolve.</li>
 * </ul>
 */
public class TestDns extends InetAddressResolverProvider {

    public static final String ZONE = ".pifleet.test";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(java.util.Locale.ROOT);
                if (!name.endsWith(ZONE)) {
                    return builtin.lookupByName(host, policy);
                }
                String[] labels = name.substring(0, name.length() - ZONE.length()).split("\\.");
                String kind = labels[labels.length - 1];
                if (kind.equals("addr") && labels.length == 2) {
                    return Stream.of(labels[0].split("-")).map(TestDns::address);
                }
                if (kind.equals("rebind") && labels.length == 4) {
                    int lookup = lookups.computeIfAbsent(name, key -> new AtomicInteger()).getAndIncrement();
                    return Stream.of(address(labels[lookup == 0 ? 1 : 2]));
                }
                throw new UnknownHostException(host);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "pifleet test names";
    }

    static InetAddress address(String hex) {
        try {
            return InetAddress.getByAddress(HexFormat.of().parseHex(hex));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    /** The hex form of an address, as the names above take it. */
    public static String hex(InetAddress address) {
        return HexFormat.of().formatHex(address.getAddress());
    }
}
