package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.identity.DeviceIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /}: what a person next to the Pi (or on its LAN) needs to pair it: the claim code in large type and as a
 * QR code of the pairing link. Self-contained (no external resources, no script) under a strict CSP that allows only
 * this page's one style block, by hash. Reloads itself every 30 s, so a renewed code or the pairing shows up.
 * Never shows the device key.
 */
@Path("/")
@RunOnVirtualThread
public class PairingPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem;"
            + "color:#222}.code{font-family:ui-monospace,monospace;font-size:3.5rem;letter-spacing:.15em;margin:.5rem 0}"
            + "dt{font-weight:600}dd{margin:0 0 .75rem;word-break:break-all}.muted{color:#666}";
    static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    private final DeviceIdentity identity;
    private final CredentialsStore credentials;
    private final ClaimLoop claims;

    PairingPage(DeviceIdentity identity, CredentialsStore credentials, ClaimLoop claims) {
        this.identity = identity;
        this.credentials = credentials;
        this.claims = claims;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        Optional<Credentials> current = credentials.current();
        Optional<ClaimLoop.ShownCode> code = claims.shownCode();
        StringBuilder html = new StringBuilder(8192)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\"><title>pifleet agent</title><style>")
                .append(STYLE).append("</style></head><body><h1>pifleet agent</h1><dl>")
                .append("<dt>Device name</dt><dd>").append(escape(current.map(Credentials::deviceName).orElse("(not paired)")))
                .append("</dd><dt>Device ID</dt><dd>").append(escape(identity.deviceId())).append("</dd>")
                .append("<dt>State</dt><dd>").append(state())
                .append("</dd></dl>");
        if (code.isPresent()) {
            ClaimLoop.ShownCode shown = code.get();
            html.append("<p>Open the pairing page of the pifleet web UI and enter this code, or scan the QR code:</p>")
                    .append("<p class=\"code\">").append(escape(shown.code())).append("</p>")
                    .append(QrSvg.of(shown.pairUrl()))
                    .append("<p><a href=\"").append(escape(shown.pairUrl())).append("\">").append(escape(shown.pairUrl()))
                    .append("</a></p><p class=\"muted\">The code expires at ").append(escape(shown.expiresAt().toString()))
                    .append("; a new one replaces it before then.</p>");
        } else if (claims.claiming()) {
            html.append("<p class=\"muted\">Asking the cloud for a claim code")
                    .append(claims.lastCall().map(call -> " (last answer: " + escape(call.result()) + ")").orElse(""))
                    .append("…</p>");
        }
        html.append("</body></html>");
        return Response.ok(html.toString(), MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private String state() {
        if (credentials.pairedByCode()) {
            return "paired";
        }
        return credentials.usableKey().isPresent() ? "paired on the LAN; waiting for a claim by code to confirm it"
                : "waiting for claim";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
