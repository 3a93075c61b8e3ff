package dev.pifleet.agent;

import dev.pifleet.agent.fleet.FleetConfig;
import dev.pifleet.agent.pairing.ClaimMachine;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingClient;
import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** Wires the plain classes of the agent (which tests also build by hand) from the configuration. */
@Singleton
public class AgentBeans {

    @Produces
    @Singleton
    CredentialsStore credentials(AgentConfig config) {
        return new CredentialsStore(config.stateDir());
    }

    @Produces
    @Singleton
    ReadingBuffer buffer(AgentConfig config) {
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state folder " + config.stateDir(), e);
        }
        return ReadingBuffer.open(config.stateDir().resolve(ReadingBuffer.FILE_NAME), config.buffer().maxReadings());
    }

    void close(@Disposes ReadingBuffer buffer) {
        buffer.close();
    }

    @Produces
    @Singleton
    CloudClient cloud(AgentConfig config) {
        return new CloudClient(config.cloudUrl());
    }

    @Produces
    @Singleton
    PairingClient pairingClient(AgentConfig config) {
        return new PairingClient(config.registryUrl());
    }

    /** Errors back off from one poll interval up to the upload's max backoff, which also caps any Retry-After. */
    @Produces
    @Singleton
    ClaimMachine claimMachine(AgentConfig config) {
        Duration poll = config.pairing().pollInterval();
        return new ClaimMachine(poll, new Backoff(poll, config.upload().maxBackoff(), RandomGenerator.getDefault()));
    }

    @Produces
    @Singleton
    Uploader uploader(ReadingBuffer buffer, CloudClient cloud, CredentialsStore credentials, FleetConfig fleet,
            AgentConfig config) {
        AgentConfig.Upload upload = config.upload();
        // The batch size in force (agent.properties, or the cloud's settings), asked for each batch.
        return new Uploader(buffer, cloud, credentials, () -> fleet.effective().uploadBatchSize().value(),
                upload.idleInterval(), new Backoff(upload.initialBackoff(), upload.maxBackoff(), RandomGenerator.getDefault()));
    }
}
