package dev.pifleet.agent.cli;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.update.DpkgInstaller;
import dev.pifleet.agent.update.HealthRecord;
import dev.pifleet.agent.update.HttpDownload;
import dev.pifleet.agent.update.UpdateJournal;
import dev.pifleet.agent.update.UpdateRequest;
import dev.pifleet.agent.update.Updater;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.UpdateOffer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pifleet-agent updater run|keep}: the root side of an agent update (docs/ota.md), started by systemd
 * (pifleet-agent-updater.service: at boot, and by pifleet-agent-updater.path when the agent writes a request). It
 * reads the same settings as the agent (pifleet.agent.update.*, pifleet.agent.state-dir).
 */
@Command(name = "updater", mixinStandardHelpOptions = true,
        description = "The root updater: installs the update the agent asked for, or finishes an interrupted one.",
        subcommands = {UpdaterCommand.Run.class, UpdaterCommand.Keep.class})
final class UpdaterCommand {

    private UpdaterCommand() {
    }

    static Updater updater(AgentConfig.Update settings, Path agentStateDir) throws IOException {
        List<PublicKey> keys = ReleaseSignature.loadFolders(settings.releaseKeysDirs());
        return new Updater(settings.dir(), keys, installer(settings), new HttpDownload(),
                HealthRecord.of(agentStateDir), settings.healthTimeout(), settings.allowHttp(), Clock.systemUTC(),
                Thread::sleep);
    }

    static DpkgInstaller installer(AgentConfig.Update settings) {
        return new DpkgInstaller(settings.dpkgRoot(), settings.dpkgOptions().orElse(List.of()), settings.restartCommand());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Finishes or undoes an interrupted install, else takes the agent's request (if any).")
    static final class Run implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AgentConfig.Update settings = AgentSettings.updateSettings();
            Path agentState = AgentSettings.current().stateDir();
            Files.createDirectories(settings.dir());
            PrintWriter out = spec.commandLine().getOut();
            // One run at a time, whoever started it (the boot run, the path unit, a person).
            try (FileChannel lockFile = FileChannel.open(settings.dir().resolve("updater.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Optional<UpdateOffer> request = UpdateRequest.take(settings.requestDir());
                Optional<UpdateJournal.Entry> journal = new UpdateJournal(settings.dir()).read();
                if (request.isEmpty() && journal.isPresent() && !journal.get().finished()
                        && (UpdateJournal.DOWNLOADING.equals(journal.get().phase())
                                || UpdateJournal.VERIFYING.equals(journal.get().phase()))) {
                    // Cut off before anything was installed: start that update again.
                    request = Optional.of(journal.get().offer());
                }
                Optional<UpdateJournal.Entry> end = updater(settings, agentState).run(request);
                if (end.isEmpty()) {
                    out.println("pifleet-agent updater: nothing to do");
                } else {
                    UpdateJournal.Entry entry = end.get();
                    out.printf("pifleet-agent updater: %s (rollout %s): %s%s%n", entry.offer().version(),
                            entry.offer().rolloutId(), entry.phase(), entry.reason() == null ? "" : ": " + entry.reason());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "keep", mixinStandardHelpOptions = true,
            description = "Keeps the .deb of the version installed now as the rollback target (once, after installing"
                    + " pifleet-agent by hand: the first update needs it).")
    static final class Keep implements Callable<Integer> {

        @Parameters(index = "0", description = "the pifleet-agent_<version>_all.deb that is installed")
        Path deb;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AgentConfig.Update settings = AgentSettings.updateSettings();
            DpkgInstaller installer = installer(settings);
            String version = installer.packageVersion(deb);
            String installed = installer.installedVersion();
            if (!version.equals(installed)) {
                spec.commandLine().getErr().printf("pifleet-agent updater keep: %s is version %s, but dpkg has %s"
                        + " installed; nothing kept%n", deb, version, installed);
                return 1;
            }
            Path kept = updater(settings, AgentSettings.current().stateDir()).kept(version);
            Files.createDirectories(kept.getParent());
            Path temp = kept.resolveSibling(kept.getFileName() + ".tmp");
            Files.copy(deb, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            spec.commandLine().getOut().printf("kept %s as the rollback target of %s%n", kept, version);
            return 0;
        }
    }
}
