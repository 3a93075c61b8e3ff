package dev.pifleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone of the repository is all a reader has: no file may send them to documents that live outside it.
 * Facts the code relies on belong in docs/ (parse-server.md, api.md).
 */
class SelfContainedRepoTest {

    /** Written so that this file does not match itself: "[.]" and "(brief|seed)" are not the literal names. */
    private static final Pattern OUTSIDE = Pattern.compile("[.][.]/shared|shared/(brief|seed)|facts[.]md|api-v1[.]md");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "node_modules", "target", ".idea");

    @Test
    void noFilePointsOutsideTheRepository() throws IOException {
        Path root = Repo.root();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = trackedFiles(root).orElseGet(() -> walk(root))) {
            files.filter(file -> !skipped(root, file))
                    .filter(Files::isRegularFile)
                    .forEach(file -> offenders.addAll(pointersOutside(root, file)));
        }
        assertThat(offenders).as("references to documents outside the repository").isEmpty();
    }

    /** The files git tracks (local logs and build output are not the repository); empty without git. */
    private static Optional<Stream<Path>> trackedFiles(Path root) {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] names = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Arrays.stream(new String(names, StandardCharsets.UTF_8).split("\0"))
                    .filter(name -> !name.isEmpty()).map(root::resolve));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void thePatternCatchesTheKnownForms() {
        assertThat(OUTSIDE.matcher(String.join("/", "see ..", "shared", "brief", "facts" + ".md")).find()).isTrue();
        assertThat(OUTSIDE.matcher("the contract (api-v1" + ".md)").find()).isTrue();
        assertThat(OUTSIDE.matcher("see docs/parse-server.md").find()).isFalse();
        assertThat(OUTSIDE.matcher("SharedServices.shared()").find()).isFalse();
    }

    private static boolean skipped(Path root, Path file) {
        Path relative = root.relativize(file);
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> pointersOutside(Path root, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<String> found = new ArrayList<>();
            if (isBinary(bytes)) {
                return found;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
