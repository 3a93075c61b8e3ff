package dev.pifleet.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * IANA's IPv4 and IPv6 Special-Purpose Address Registries, read from the CSV files IANA publishes
 * ({@code https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry-1.csv} and the
 * {@code ipv6} one), kept byte for byte beside this class. To update: replace the two files with IANA's current
 * ones; {@code WebhookTargetsTest} checks every row they hold.
 */
public final class SpecialPurposeRegistry {

    /** One address block of the registry. {@code globallyReachable} is true only where IANA writes "True". */
    public record Block(String prefix, String name, boolean globallyReachable, byte[] network, int length) {

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = length / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = length % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }

        /** The block's first and last address. */
        public List<InetAddress> ends() {
            byte[] last = network.clone();
            for (int bit = length; bit < last.length * 8; bit++) {
                last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
            try {
                return List.of(InetAddress.getByAddress(network), InetAddress.getByAddress(last));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    public static final List<Block> BLOCKS = load("iana-ipv4-special-registry-1.csv", "iana-ipv6-special-registry-1.csv");

    private SpecialPurposeRegistry() {
    }

    private static List<Block> load(String... files) {
        List<Block> blocks = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = SpecialPurposeRegistry.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + file);
                }
                List<List<String>> rows = csv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (List<String> row : rows.subList(1, rows.size())) {
                    // "192.0.0.0/24 [2]" carries a footnote; "192.0.0.170/32, 192.0.0.171/32" two blocks.
                    boolean reachable = withoutFootnote(row.get(8)).equals("True");
                    for (String prefix : withoutFootnote(row.get(0)).split(",")) {
                        blocks.add(block(prefix.strip(), row.get(1), reachable));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(blocks);
    }

    private static Block block(String prefix, String name, boolean reachable) {
        int slash = prefix.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(prefix.substring(0, slash)).getAddress();
            if (prefix.contains(":") && network.length == 4) {
                // ::ffff:0:0/96: the JDK turns mapped addresses into IPv4 ones; keep the registry's 16 bytes.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(network, 0, mapped, 12, 4);
                network = mapped;
            }
            return new Block(prefix, name, reachable, network, Integer.parseInt(prefix.substring(slash + 1)));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalStateException("not an address block in IANA's registry: " + prefix, e);
        }
    }

    private static String withoutFootnote(String cell) {
        return cell.replaceAll("\\s*\\[\\d+]", "").strip();
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                if (row.size() > 1 || !row.getFirst().isEmpty()) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
