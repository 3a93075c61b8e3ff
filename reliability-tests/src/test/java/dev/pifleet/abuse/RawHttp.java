package dev.pifleet.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket. The JDK's and Apache's clients refuse to send what this suite needs to send
 * (a raw {@code %00} or {@code ..%2F} target, a Content-Length that lies, header bytes outside ASCII), so
 * requests are written byte for byte; each uses its own connection ({@code Connection: close}).
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 20_000;
    /** Session tokens and device keys as the services issue them; the suite's made-up ones stay visible. */
    private static final Pattern REAL_SESSION = Pattern.compile("r:(?!0123456789abcdef)[0-9a-f]{32}");
    private static final Pattern REAL_KEY = Pattern.compile("pfk_(?!A{43})[A-Za-z0-9_-]{43}");

    /**
     * One request. {@code target} is sent exactly as given (already percent-encoded); headers are sent as
     * ISO-8859-1 bytes; a Content-Length is added for a body unless {@code headers} has one.
     */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

        /** The request as a curl-like line, with the fixtures' real session tokens and keys as placeholders. */
        String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target));
            headers.forEach(header -> text.append(" -H '").append(header.getKey()).append(": ")
                    .append(abbreviate(header.getValue())).append('\''));
            if (body != null) {
                text.append(" -d '").append(abbreviate(new String(body, StandardCharsets.UTF_8))).append('\'');
            }
            return redact(text.toString());
        }
    }

    record HttpAnswer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static HttpAnswer send(String baseUrl, Request request) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head(base, request));
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT_MILLIS + " ms to " + request.describe(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(request.describe(), e);
        }
    }

    private static byte[] head(URI base, Request request) {
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, String> header : request.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            hasLength |= header.getKey().equalsIgnoreCase("content-length")
                    || header.getKey().equalsIgnoreCase("transfer-encoding");
        }
        if (request.body() != null && !hasLength) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpAnswer read(InputStream in) throws IOException {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (java.net.SocketException reset) {
            // The server may answer and reset at once (e.g. when it refuses a body it did not read).
            throw new UncheckedIOException("connection reset before a complete answer", reset);
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer, got " + all.length + " bytes: " + abbreviate(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new HttpAnswer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = indexOfCrLf(chunked, position);
            String sizeText = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeText.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    /** Real session tokens and device keys replaced by {@code $SESSION_TOKEN} and {@code $API_KEY}. */
    static String redact(String text) {
        return REAL_KEY.matcher(REAL_SESSION.matcher(text).replaceAll("\\$SESSION_TOKEN")).replaceAll("\\$API_KEY");
    }

    static String abbreviate(String text) {
        String printable = text.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n");
        return printable.length() <= 160 ? printable
                : printable.substring(0, 100) + "…(" + printable.length() + " chars)…" + printable.substring(printable.length() - 30);
    }

    static List<Map.Entry<String, String>> headers(String... pairs) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(Map.entry(pairs[i], pairs[i + 1]));
        }
        return headers;
    }
}
