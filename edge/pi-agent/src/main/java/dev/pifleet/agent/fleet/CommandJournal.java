package dev.pifleet.agent.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import dev.pifleet.device.fleet.CommandName;
import dev.pifleet.device.fleet.CommandResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code commands.json} in the state folder: every command the agent has taken on, written (synced, renamed) before
 * the command runs, so an id in it never runs again, also after a restart or a power cut. A command's result waits
 * here until the cloud has acknowledged it. After a restart, a command that was running has ended: restart-agent
 * by succeeding, any other by failing. The newest {@value #KEEP_ACKNOWLEDGED} acknowledged entries are kept (the cloud
 * never sends a command twice once it is marked sent; this guards against a retried answer).
 */
public final class CommandJournal {

    public static final String FILE_NAME = "commands.json";
    static final int KEEP_ACKNOWLEDGED = 200;
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted by a restart";

    /** One command: {@code running} until it ends, then {@code succeeded|failed} with its result or error. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String id, String name, Instant recordedAt, String state, Map<String, Object> result,
            String error, Instant finishedAt, boolean acknowledged) {

        Entry finish(CommandResult outcome, Instant now) {
            return new Entry(id, name, recordedAt, outcome.state(), outcome.result(), outcome.error(), now, false);
        }

        public boolean finished() {
            return !RUNNING.equals(state);
        }

        public CommandResult outcome() {
            return new CommandResult(state, result, error);
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stored(List<Entry> commands) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public CommandJournal(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try {
                Stored stored = AgentJson.MAPPER.readValue(file.toFile(), Stored.class);
                if (stored.commands() != null) {
                    stored.commands().forEach(entry -> entries.put(entry.id(), entry));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the command journal " + file, e);
            }
        }
    }

    /**
     * Records a command as running, on disk, before it runs. False when its id is already in the journal: it ran (or
     * is running) and must not run again.
     */
    public synchronized boolean record(String id, String name, Instant now) {
        if (entries.containsKey(id)) {
            return false;
        }
        entries.put(id, new Entry(id, name, now, RUNNING, null, null, null, false));
        save();
        return true;
    }

    /** The command ended; its result waits for the cloud's acknowledgement. */
    public synchronized void finish(String id, CommandResult outcome, Instant now) {
        Entry entry = entries.get(id);
        if (entry != null && !entry.finished()) {
            entries.put(id, entry.finish(outcome, now));
            save();
        }
    }

    /** The cloud has the result (2xx, or 409: it already had one). */
    public synchronized void acknowledged(String id) {
        Entry entry = entries.get(id);
        if (entry == null || entry.acknowledged()) {
            return;
        }
        entries.put(id, new Entry(entry.id(), entry.name(), entry.recordedAt(), entry.state(), entry.result(),
                entry.error(), entry.finishedAt(), true));
        List<String> acknowledged = entries.values().stream().filter(Entry::acknowledged).map(Entry::id).toList();
        for (int i = 0; i < acknowledged.size() - KEEP_ACKNOWLEDGED; i++) {
            entries.remove(acknowledged.get(i));
        }
        save();
    }

    /**
     * At start-up: a command still running was cut short by a restart. restart-agent did what it was asked (this
     * start is its success); any other command is reported failed, not run again.
     */
    public synchronized List<Entry> recoverAfterRestart(Instant now) {
        List<Entry> recovered = new ArrayList<>();
        for (Entry entry : List.copyOf(entries.values())) {
            if (entry.finished()) {
                continue;
            }
            CommandResult outcome = CommandName.RESTART_AGENT.wireName().equals(entry.name())
                    ? new CommandResult(SUCCEEDED, Map.of("restartedAt", now.toString()), null)
                    : new CommandResult(FAILED, null, INTERRUPTED);
            Entry finished = entry.finish(outcome, now);
            entries.put(entry.id(), finished);
            recovered.add(finished);
        }
        if (!recovered.isEmpty()) {
            save();
        }
        return recovered;
    }

    /** Finished commands whose result the cloud has not acknowledged yet, oldest first. */
    public synchronized List<Entry> unacknowledged() {
        return entries.values().stream().filter(entry -> entry.finished() && !entry.acknowledged()).toList();
    }

    public synchronized Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The newest entries first, at most {@code limit}. */
    public synchronized List<Entry> recent(int limit) {
        List<Entry> all = new ArrayList<>(entries.values());
        return all.reversed().stream().limit(limit).toList();
    }

    public Path file() {
        return file;
    }

    private void save() {
        OwnerOnlyFile.writeJson(file, new Stored(List.copyOf(entries.values())));
    }
}
