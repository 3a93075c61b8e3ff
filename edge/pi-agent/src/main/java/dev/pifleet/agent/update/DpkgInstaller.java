package dev.pifleet.agent.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The updater's installer on a Pi: {@code dpkg -i}, {@code dpkg --configure -a}, {@code dpkg-query} and
 * {@code dpkg-deb}, then the restart command ({@code systemctl restart pifleet-agent.service}). With a root
 * ({@code pifleet.agent.update.dpkg-root}) every dpkg call works on that tree instead ({@code dpkg --root},
 * maintainer scripts run chrootless with {@code DPKG_ROOT} set): the throwaway-root tests use that.
 */
public final class DpkgInstaller implements Installer {

    public static final String PACKAGE = "pifleet-agent";
    private static final long TIMEOUT_MINUTES = 15;

    private final Optional<Path> root;
    private final List<String> dpkgOptions;
    private final List<String> restartCommand;

    /**
     * @param root the tree dpkg works on, empty for the system's own
     * @param dpkgOptions more options for dpkg (tests: --force-not-root, --force-depends, --log=/dev/null)
     * @param restartCommand what restarts the agent
     */
    public DpkgInstaller(Optional<Path> root, List<String> dpkgOptions, List<String> restartCommand) {
        this.root = root;
        this.dpkgOptions = List.copyOf(dpkgOptions);
        this.restartCommand = List.copyOf(restartCommand);
    }

    @Override
    public String installedVersion() throws IOException {
        List<String> command = new ArrayList<>(List.of("dpkg-query"));
        root.ifPresent(r -> command.add("--admindir=" + r.resolve("var/lib/dpkg")));
        command.addAll(List.of("-W", "-f=${Version}\\t${db:Status-Abbrev}", PACKAGE));
        Result result = run(command);
        if (result.exitCode() != 0) {
            return null; // dpkg knows no such package
        }
        String[] parts = result.output().strip().split("\t");
        // The second letter of the status is 'i' only when installed and configured; a half-installed,
        // half-configured or unpacked package is not a working version (after a power cut mid-install).
        if (parts[0].isBlank() || parts.length < 2 || parts[1].length() < 2 || parts[1].charAt(1) != 'i') {
            return null;
        }
        return parts[0];
    }

    @Override
    public String packageVersion(Path deb) throws IOException {
        return check(run(List.of("dpkg-deb", "-f", deb.toString(), "Version")), "dpkg-deb -f").strip();
    }

    @Override
    public void install(Path deb) throws IOException {
        check(run(dpkg("-i", deb.toString())), "dpkg -i");
    }

    @Override
    public void finishInterrupted() throws IOException {
        check(run(dpkg("--configure", "-a")), "dpkg --configure -a");
    }

    @Override
    public void restartAgent() throws IOException {
        check(run(restartCommand), String.join(" ", restartCommand));
    }

    private List<String> dpkg(String... args) {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        root.ifPresent(r -> command.addAll(List.of("--root=" + r, "--force-script-chrootless")));
        command.addAll(dpkgOptions);
        command.addAll(List.of(args));
        return command;
    }

    private record Result(int exitCode, String output) {
    }

    private static String check(Result result, String what) throws IOException {
        if (result.exitCode() != 0) {
            throw new IOException(what + " exited with " + result.exitCode() + ": " + tail(result.output()));
        }
        return result.output();
    }

    /** The last lines of dpkg's output: where it says what went wrong; kept short for the report's reason. */
    private static String tail(String output) {
        String text = output.strip();
        return text.length() <= 300 ? text : "…" + text.substring(text.length() - 299);
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish within " + TIMEOUT_MINUTES + " min");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }
}
