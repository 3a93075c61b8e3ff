package dev.pifleet.agent.pairing;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.BackgroundLoop;
import dev.pifleet.agent.identity.DeviceIdentity;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.PairingAnswers.ClaimCodeAnswer;
import dev.pifleet.device.pairing.PairingAnswers.CredentialsAnswer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs claim mode on its own thread: {@link ClaimMachine} decides, this class makes the registry calls and reports the
 * answers back. Claim mode is entered by itself whenever {@link CredentialsStore#claimNeeded()} (no key, a refused key,
 * or a key from the LAN flow), within one poll interval.
 */
@Singleton
public class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    /** A code on show, with the link that opens the UI's pairing page with it filled in. */
    public record ShownCode(String code, Instant expiresAt, String pairUrl) {
    }

    private final ClaimMachine machine;
    private final PairingClient client;
    private final PairingService pairing;
    private final CredentialsStore credentials;
    private final String deviceId;
    private final KeyPair agentKeys;
    private final String uiUrl;
    private final Clock clock = Clock.systemUTC();
    private BackgroundLoop loop;

    ClaimLoop(ClaimMachine machine, PairingClient client, PairingService pairing, CredentialsStore credentials,
            DeviceIdentity identity, AgentConfig config) {
        this.machine = machine;
        this.client = client;
        this.pairing = pairing;
        this.credentials = credentials;
        this.deviceId = identity.deviceId();
        this.agentKeys = AgentKeyFile.loadOrCreate(config.stateDir());
        String ui = config.uiUrl().toString();
        this.uiUrl = ui.endsWith("/") ? ui.substring(0, ui.length() - 1) : ui;
    }

    void start(@Observes StartupEvent started) {
        loop = BackgroundLoop.start("claim", LOG, this::step);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
    }

    public Optional<ShownCode> shownCode() {
        return machine.code(clock.instant()).map(code -> new ShownCode(code.code(), code.expiresAt(), pairUrl(code.code())));
    }

    public boolean claiming() {
        return machine.claiming();
    }

    public Optional<Attempt> lastCall() {
        return machine.lastCall();
    }

    /**
     * rotate-key: the signed call that collects the key after a claim, made while paired. The registry answers a key
     * pair bound to a paired device with a fresh key (and the old one stops working). Signature timestamps come from the
     * same counter as claim mode's, so they keep strictly increasing.
     */
    public CloudReply collectKey() throws IOException {
        return client.credentials(AgentProof.sign(Purpose.CREDENTIALS, deviceId, agentKeys,
                machine.nextTimestamp(clock.millis())));
    }

    String pairUrl(String code) {
        return uiUrl + "/#/pair?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
    }

    private void step() throws InterruptedException {
        Instant now = clock.instant();
        ClaimMachine.Next next = machine.next(now, credentials.claimNeeded());
        if (next.at().isAfter(now)) {
            Thread.sleep(Duration.between(now, next.at()));
        } else if (next.action() == ClaimMachine.Action.REQUEST_CODE) {
            call(Purpose.CLAIM_CODE, client::claimCode).ifPresent(this::codeAnswered);
        } else if (next.action() == ClaimMachine.Action.POLL) {
            call(Purpose.CREDENTIALS, client::credentials).ifPresent(this::credentialsAnswered);
        }
    }

    private interface Call {
        CloudReply send(AgentProof.SignedRequest request) throws IOException;
    }

    /** One signed registry call; empty (and recorded as a failure) when the registry could not be reached. */
    private Optional<CloudReply> call(Purpose purpose, Call call) {
        try {
            return Optional.of(call.send(AgentProof.sign(purpose, deviceId, agentKeys, machine.nextTimestamp(clock.millis()))));
        } catch (IOException e) {
            machine.failed(clock.instant(), "network error: " + e.getClass().getSimpleName(), Optional.empty());
            return Optional.empty();
        }
    }

    private void codeAnswered(CloudReply reply) {
        Instant now = clock.instant();
        Optional<ClaimCodeAnswer> answer = reply.status() == 201
                ? reply.as(ClaimCodeAnswer.class).filter(a -> a.code() != null && a.expiresAt() != null)
                : Optional.empty();
        if (answer.isEmpty()) {
            failed(now, reply);
            return;
        }
        machine.codeIssued(now, answer.get().code(), answer.get().expiresAt());
        LOG.infof("Claim code %s: to pair this Pi, open %s and confirm (or type the code on the pairing page)."
                + " The code expires at %s; a new one follows before then.",
                answer.get().code(), pairUrl(answer.get().code()), answer.get().expiresAt());
    }

    private void credentialsAnswered(CloudReply reply) {
        Instant now = clock.instant();
        if (reply.status() == 404 && "claim_not_found".equals(reply.body().path("error").asText())) {
            machine.claimNotFound(now);
            return;
        }
        Optional<CredentialsAnswer> answer = reply.ok() ? reply.as(CredentialsAnswer.class) : Optional.empty();
        if (answer.isEmpty()) {
            failed(now, reply);
        } else if (!answer.get().paired()) {
            machine.notClaimedYet(now);
        } else if (pairing.pairedByCode(answer.get())) {
            // The code goes before the heartbeat: once the cloud shows the Pi online, the Pi shows no code.
            machine.paired(now);
            pairing.reportIn();
        } else {
            machine.failed(now, "200 paired=true with an unusable answer", Optional.empty());
        }
    }

    private void failed(Instant now, CloudReply reply) {
        machine.failed(now, reply.summary(), reply.retryable() ? reply.retryAfter() : Optional.empty());
    }
}
