package dev.pifleet.agent.update;

import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import dev.pifleet.device.release.UpdateOffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code request.json} in the request folder, the one place of the updater's the unprivileged agent may write: the
 * offer it wants installed. Written whole (temp file, fsync, rename), so systemd's path unit never starts the updater
 * on half a file; the updater takes it (reads and deletes it) as it starts. Its content is not trusted: the updater
 * checks the package against the pinned keys whatever the request says.
 */
public final class UpdateRequest {

    public static final String FILE_NAME = "request.json";
    private static final long MAX_BYTES = 16 * 1024;

    private UpdateRequest() {
    }

    public static void write(Path requestDir, UpdateOffer offer) {
        OwnerOnlyFile.writeJson(requestDir.resolve(FILE_NAME), offer);
    }

    /** The request waiting, if any (not taken). An unreadable one is no request. */
    public static Optional<UpdateOffer> peek(Path requestDir) {
        Path file = requestDir.resolve(FILE_NAME);
        try {
            // Root reads a file in a folder the agent's user owns: a link there is not followed.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            UpdateOffer offer = AgentJson.MAPPER.readValue(file.toFile(), UpdateOffer.class);
            return offer == null || offer.rolloutId() == null || offer.version() == null || offer.url() == null
                    ? Optional.empty() : Optional.of(offer);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads and deletes the request (so that the path unit does not start the updater again for it). */
    public static Optional<UpdateOffer> take(Path requestDir) throws IOException {
        Optional<UpdateOffer> offer = peek(requestDir);
        Files.deleteIfExists(requestDir.resolve(FILE_NAME));
        return offer;
    }

    static boolean same(UpdateOffer a, UpdateOffer b) {
        return a != null && b != null && a.rolloutId().equals(b.rolloutId()) && a.version().equals(b.version());
    }
}
