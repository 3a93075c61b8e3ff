package dev.pifleet.agent.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local run's installer (pifleet.agent.update.install=simulated): nothing is installed. "Installing" a kept
 * package notes its version, "restarting" makes the agent report it ({@link UpdateStatus#simulatedRunning}) and
 * sends a heartbeat at once, whose success is the health record the updater waits for. Download, size, SHA-256 and
 * signature checks before it are the updater's own, for real.
 */
final class SimulatedInstaller implements Installer {

    private final UpdateStatus status;
    private final Runnable heartbeatSoon;
    private volatile String pending;
    /** The offered version: the package's own Version: when dpkg-deb is missing here (checked when it is present). */
    volatile String offered;

    SimulatedInstaller(UpdateStatus status, Runnable heartbeatSoon) {
        this.status = status;
        this.heartbeatSoon = heartbeatSoon;
    }

    @Override
    public String installedVersion() {
        return status.runningVersion();
    }

    @Override
    public String packageVersion(Path deb) throws IOException {
        if (!onPath("dpkg-deb")) {
            return offered;
        }
        Process process = new ProcessBuilder("dpkg-deb", "-f", deb.toString(), "Version").redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("dpkg-deb cannot read the package: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void install(Path deb) {
        String name = deb.getFileName().toString();
        // Kept packages are named pifleet-agent_<version>_all.deb (Updater.kept).
        pending = name.substring("pifleet-agent_".length(), name.length() - "_all.deb".length());
    }

    @Override
    public void finishInterrupted() {
        // nothing half-installed: the simulated install is one file write
    }

    @Override
    public void restartAgent() {
        if (pending != null) {
            status.simulatedRunning(pending);
        }
        heartbeatSoon.run();
    }

    /** The simulated Pi has no package of the version it runs: a stand-in, so that a rollback has a target. */
    static void keepStandIn(Path kept, String version) throws IOException {
        if (!Files.exists(kept)) {
            Files.createDirectories(kept.getParent());
            Files.writeString(kept, "simulated: the package of " + version + "\n");
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
