package dev.pifleet.fleet;

import dev.pifleet.device.fleet.CommandState;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change of a command's state, arbitrated by a unique key in {@code FleetTransition} (never a transaction): a
 * command leaves the queue once ({@code <id>|left-queue}: sent or expired, whichever create wins) and finishes once
 * ({@code <id>|finished}: the device's first result). The winner then writes the command row; the transition row holds
 * everything that write needs, so if the winner dies in between, the next caller that loses to it writes the row
 * instead ({@link #settle}). Those writes touch different fields ({@code state}/{@code sentAt} for leaving the queue,
 * {@code outcome}... for the end), so they can land in any order.
 */
@ApplicationScoped
public class CommandTransitions {

    public static final String CLASS = "FleetTransition";
    static final String KEY = "key";
    static final String COMMAND = "command";
    static final String TO = "to";
    static final String AT = "at";
    static final String RESULT = "result";
    static final String ERROR = "error";
    private static final String LEFT_QUEUE = "|left-queue";
    private static final String FINISHED = "|finished";

    /** How a device's result was taken. */
    public enum Finish {
        /** This result is the command's end. */
        STORED,
        /** The command had ended already (another result won, or it expired). */
        ALREADY_FINISHED,
        /** The command never left the queue for the device, so there is nothing to report on. */
        NOT_SENT
    }

    private final ParseClient parse;

    CommandTransitions(ParseClient parse) {
        this.parse = parse;
    }

    /** Deletes the transitions of these commands (a purged device's), before the commands themselves. */
    public void deleteOf(List<String> commandIds) {
        if (commandIds.isEmpty()) {
            return;
        }
        // By their unique keys: a command has at most one of each.
        List<String> keys = commandIds.stream().flatMap(id -> java.util.stream.Stream.of(id + LEFT_QUEUE, id + FINISHED)).toList();
        List<ParseObject> rows = parse.find(ParseAuth.master(), ParseQuery.of(CLASS).containedIn(KEY, keys).keys(KEY)
                .limit(keys.size()));
        if (!rows.isEmpty()) {
            parse.batch(ParseAuth.master(), rows.stream().map(row -> BatchOperation.delete(CLASS, row.objectId())).toList());
        }
    }

    /**
     * Takes the commands out of the queue for delivery: returns those this caller won, now {@code sent}; the others
     * were taken by a concurrent poll or expired, and must not be handed out. Two batches however many there are.
     */
    public List<StoredCommand> deliver(List<StoredCommand> queued, Instant at) {
        List<StoredCommand> won = leaveQueue(queued, CommandState.SENT, command -> at);
        parse.batch(ParseAuth.master(), won.stream().map(command -> CommandStore.markSent(command.id(), at)).toList());
        return won.stream().map(command -> withSent(command, at)).toList();
    }

    /**
     * Stores {@code expired} for queued commands whose time to live has passed (lazily, when a reader meets them);
     * returns each as it now stands: expired, or sent when a delivery won the race just before its expiry.
     */
    public List<StoredCommand> expire(List<StoredCommand> expired) {
        if (expired.isEmpty()) {
            return expired;
        }
        List<StoredCommand> won = leaveQueue(expired, CommandState.EXPIRED, StoredCommand::expiresAt);
        parse.batch(ParseAuth.master(), won.stream().map(command ->
                CommandStore.markFinished(command.id(), CommandState.EXPIRED, null, null, command.expiresAt())).toList());
        Map<String, ParseObject> lost = transitions(expired.stream().filter(command -> !won.contains(command))
                .map(command -> command.id() + LEFT_QUEUE).toList());
        List<StoredCommand> now = new ArrayList<>();
        for (StoredCommand command : expired) {
            ParseObject winner = lost.get(command.id() + LEFT_QUEUE);
            now.add(winner == null ? finished(command, CommandState.EXPIRED, null, null, command.expiresAt())
                    : settle(command, winner));
        }
        return now;
    }

    /** The device's result for a command of its own: stored once; any later result changes nothing. */
    public Finish finish(StoredCommand command, CommandState outcome, Map<String, Object> result, String error, Instant at) {
        if (command.state().finished()) {
            return Finish.ALREADY_FINISHED;
        }
        if (command.state() == CommandState.QUEUED) {
            // Left the queue but its row not written yet (its writer died), or never sent: the transition row tells.
            ParseObject left = transitions(List.of(command.id() + LEFT_QUEUE)).get(command.id() + LEFT_QUEUE);
            if (left == null) {
                return Finish.NOT_SENT;
            }
            if (settle(command, left).state() != CommandState.SENT) {
                return Finish.ALREADY_FINISHED;
            }
        }
        try {
            parse.create(ParseAuth.master(), CLASS, transition(command.id() + FINISHED, command.id(), outcome, at)
                    .setObject(RESULT, result == null ? Map.of() : result)
                    .set(ERROR, error == null ? "" : error));
        } catch (ParseException.DuplicateValueException lost) {
            ParseObject winner = transitions(List.of(command.id() + FINISHED)).get(command.id() + FINISHED);
            if (winner != null) {
                settle(command, winner);
            }
            return Finish.ALREADY_FINISHED;
        }
        parse.batch(ParseAuth.master(), List.of(CommandStore.markFinished(command.id(), outcome, result, error, at)))
                .forEach(written -> {
                    if (!written.succeeded()) {
                        throw written.error();
                    }
                });
        return Finish.STORED;
    }

    private List<StoredCommand> leaveQueue(List<StoredCommand> commands, CommandState to,
            java.util.function.Function<StoredCommand, Instant> at) {
        List<BatchResult> created = parse.batch(ParseAuth.master(), commands.stream()
                .map(command -> BatchOperation.create(CLASS,
                        transition(command.id() + LEFT_QUEUE, command.id(), to, at.apply(command))))
                .toList());
        List<StoredCommand> won = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            BatchResult result = created.get(i);
            if (result.succeeded()) {
                won.add(commands.get(i));
            } else if (!(result.error() instanceof ParseException.DuplicateValueException)) {
                throw result.error();
            }
        }
        return won;
    }

    private static ParseFields transition(String key, String commandId, CommandState to, Instant at) {
        return ParseFields.create().set(KEY, key).set(COMMAND, new Pointer(CommandStore.CLASS, commandId))
                .set(TO, to.wireName()).set(AT, at).acl(ParseAcl.masterOnly());
    }

    private Map<String, ParseObject> transitions(List<String> keys) {
        Map<String, ParseObject> byKey = new HashMap<>();
        if (!keys.isEmpty()) {
            parse.find(ParseAuth.master(), ParseQuery.of(CLASS).containedIn(KEY, keys).limit(keys.size()))
                    .forEach(row -> byKey.put(row.getString(KEY), row));
        }
        return byKey;
    }

    /** Writes the winning transition onto the command row (idempotent) and returns the command as it now stands. */
    private StoredCommand settle(StoredCommand command, ParseObject winner) {
        CommandState to = CommandState.fromWire(winner.getString(TO)).orElseThrow();
        Instant at = winner.getDate(AT);
        if (to == CommandState.SENT) {
            if (command.state() == CommandState.QUEUED) {
                parse.batch(ParseAuth.master(), List.of(CommandStore.markSent(command.id(), at)));
            }
            return command.state() == CommandState.QUEUED ? withSent(command, at) : command;
        }
        Map<String, Object> result = winner.has(RESULT) && !winner.getObject(RESULT).isEmpty() ? winner.getObject(RESULT) : null;
        String error = winner.getString(ERROR) == null || winner.getString(ERROR).isEmpty() ? null : winner.getString(ERROR);
        if (!command.state().finished()) {
            parse.batch(ParseAuth.master(), List.of(CommandStore.markFinished(command.id(), to, result, error, at)));
        }
        return finished(command, to, result, error, at);
    }

    private static StoredCommand withSent(StoredCommand command, Instant at) {
        return new StoredCommand(command.id(), command.deviceObjectId(), command.deviceId(), command.ownerId(),
                command.name(), command.args(), CommandState.SENT, null, null, command.createdAt(), command.expiresAt(),
                at, null);
    }

    private static StoredCommand finished(StoredCommand command, CommandState outcome, Map<String, Object> result,
            String error, Instant at) {
        return new StoredCommand(command.id(), command.deviceObjectId(), command.deviceId(), command.ownerId(),
                command.name(), command.args(), outcome, result, error, command.createdAt(), command.expiresAt(),
                command.sentAt(), at);
    }
}
