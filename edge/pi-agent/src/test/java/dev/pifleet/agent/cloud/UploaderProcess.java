package dev.pifleet.agent.cloud;

import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The agent's sender alone, as its own process, so a test can SIGKILL it mid-upload: drains the buffer in
 * {@code <stateDir>} to {@code <ingestUrl>} with the key in the state folder's credentials file, then exits.
 */
public final class UploaderProcess {

    private UploaderProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path stateDir = Path.of(args[0]);
        try (ReadingBuffer buffer = ReadingBuffer.open(stateDir.resolve(ReadingBuffer.FILE_NAME), 100_000)) {
            Uploader uploader = new Uploader(buffer, new CloudClient(URI.create(args[1])), new CredentialsStore(stateDir),
                    Integer.parseInt(args[2]), Duration.ofMillis(100),
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random()));
            while (buffer.size() > 0) {
                Thread.sleep(uploader.uploadOnce().duration());
            }
        }
    }
}
