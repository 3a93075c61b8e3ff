package dev.pifleet.agent.update;

import java.io.IOException;
import java.nio.file.Path;

/** What the updater needs from the system's package manager; {@link DpkgInstaller} on a Pi, a script in tests. */
public interface Installer {

    /** The version of pifleet-agent dpkg has installed and configured, or null (none, or left half done). */
    String installedVersion() throws IOException;

    /** The Version: in a .deb's control file. */
    String packageVersion(Path deb) throws IOException;

    /** Installs (or reinstalls) the package; throws when dpkg fails. */
    void install(Path deb) throws IOException;

    /** Finishes whatever dpkg left half done (a power cut mid-install): {@code dpkg --configure -a}. */
    void finishInterrupted() throws IOException;

    /** Restarts the agent's service so that the installed version runs. */
    void restartAgent() throws IOException;
}
