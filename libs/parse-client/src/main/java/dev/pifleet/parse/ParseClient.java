package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way pifleet speaks to Parse Server. Every object call names its authority
 * ({@link ParseAuth#master()} or a user's session) so reviews can see who can do what.
 * Blocking: call it from worker or virtual threads.
 */
@ApplicationScoped
public class ParseClient {

    /** Parse's batch limit is 50 operations per request by default. */
    public static final int BATCH_LIMIT = 50;
    /** How many pages in a row {@link #deleteAllFound} lets other callers win before it gives up (their 50,000 rows). */
    static final int MAX_IDLE_PAGES = 1000;

    private final ParseRestApi api;
    private final ParseConfig config;
    private final String mountPath;

    ParseClient(@RestClient ParseRestApi api, ParseConfig config) {
        this.api = api;
        this.config = config;
        this.mountPath = URI.create(config.url()).getPath().replaceAll("/+$", "");
    }

    public ParseUser signUp(String username, String email, String password) {
        ObjectNode user = ParseJson.NODES.objectNode()
                .put("username", username)
                .put("email", email)
                .put("password", password);
        ObjectNode created = call(() -> api.signUp(user));
        return new ParseUser(created.path("objectId").asText(), username, email, created.path("sessionToken").asText());
    }

    /** Logs in; a wrong password or unknown user throws {@link ParseException.ObjectNotFoundException}. */
    public ParseUser logIn(String username, String password) {
        ObjectNode credentials = ParseJson.NODES.objectNode().put("username", username).put("password", password);
        return toUser(call(() -> api.logIn(credentials)));
    }

    /** True when the password is the user's; unlike {@link #logIn} it creates no session. */
    public boolean verifyPassword(String username, String password) {
        ObjectNode credentials = ParseJson.NODES.objectNode().put("username", username).put("password", password);
        try {
            call(() -> api.verifyPassword(credentials));
            return true;
        } catch (ParseException.ObjectNotFoundException wrong) {
            return false;
        }
    }

    /** Sets a user's password (master key). Parse then ends every session of the user, as {@link #endSessions} does. */
    public void setPassword(String userId, String password) {
        ObjectNode fields = ParseJson.NODES.objectNode().put("password", password);
        call(() -> api.update("_User", requireObjectId(userId), fields, config.masterKey(), null));
    }

    /** Ends every session of the user (master key); returns how many there were. */
    public int endSessions(String userId) {
        ParseQuery sessions = ParseQuery.of("_Session").equalTo("user", Pointer.user(userId)).keys("user")
                .limit(BATCH_LIMIT);
        return deleteAllFound(sessions);
    }

    /**
     * Deletes every row the query finds, one page (its limit) per batch, until a find comes back empty; returns how
     * many this caller deleted. A page that another caller emptied first does not end it: replicas sweep the same
     * rows, and one that stopped there would go on as if none were left (and delete their parent). Bounded: after
     * {@link #MAX_IDLE_PAGES} pages in a row that deleted nothing it gives up with an exception.
     */
    public int deleteAllFound(ParseQuery query) {
        int deleted = 0;
        for (int idle = 0; idle < MAX_IDLE_PAGES; ) {
            List<ParseObject> rows = find(ParseAuth.master(), query);
            if (rows.isEmpty()) {
                return deleted;
            }
            int page = deleteRows(query.className(), rows);
            deleted += page;
            idle = page > 0 ? 0 : idle + 1;
        }
        throw new IllegalStateException(MAX_IDLE_PAGES + " pages of " + query.className()
                + " in a row were deleted by others first; the next run goes on");
    }

    /**
     * Deletes the rows the query finds (master key) in one batch: one page, as many as its limit, which must fit in a
     * batch ({@link #BATCH_LIMIT}). Returns how many it deleted; rows another caller deleted meanwhile do not count.
     * The sweeps of expired rows call it once per run; a caller that means "all" calls {@link #deleteAllFound}.
     */
    public int deleteFound(ParseQuery query) {
        return deleteRows(query.className(), find(ParseAuth.master(), query));
    }

    private int deleteRows(String className, List<ParseObject> rows) {
        List<BatchOperation> deletes = rows.stream().map(row -> BatchOperation.delete(className, row.objectId())).toList();
        return deletes.isEmpty() ? 0 : BatchResult.countApplied(batch(ParseAuth.master(), deletes));
    }

    /** The session's user; an unknown or dead token throws {@link ParseException.InvalidSessionException}. */
    public ParseUser me(String sessionToken) {
        requireHeaderSafe(sessionToken);
        ObjectNode user = read(() -> api.me(sessionToken));
        return new ParseUser(user.path("objectId").asText(), user.path("username").asText(null),
                user.path("email").asText(null), sessionToken);
    }

    public void logOut(String sessionToken) {
        requireHeaderSafe(sessionToken);
        call(() -> api.logOut(sessionToken));
    }

    /**
     * A token travels in a header: one with control or non-ASCII characters is no token Parse issued, and sending it
     * would fail in the HTTP client with the token in the error message (and so in a log).
     */
    private static void requireHeaderSafe(String sessionToken) {
        Objects.requireNonNull(sessionToken, "sessionToken");
        if (!sessionToken.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ParseException.InvalidSessionException("invalid session token");
        }
    }

    /** Creates an object; returns it with its objectId and createdAt. */
    public ParseObject create(ParseAuth auth, String className, ParseFields fields) {
        ObjectNode body = fields.toJson();
        ObjectNode created = call(() -> api.create(ParseNames.requireClassName(className), body, masterKey(auth), session(auth)));
        body.setAll(created);
        return new ParseObject(body);
    }

    public ParseObject get(ParseAuth auth, String className, String objectId, String... include) {
        String includes = include.length == 0 ? null : String.join(",", include);
        return new ParseObject(read(() -> api.get(ParseNames.requireClassName(className), requireObjectId(objectId),
                includes, masterKey(auth), session(auth))));
    }

    /** Updates an object; returns its new updatedAt and any server-side changes. */
    public ParseObject update(ParseAuth auth, String className, String objectId, ParseFields fields) {
        return new ParseObject(call(() -> api.update(ParseNames.requireClassName(className), requireObjectId(objectId),
                fields.toJson(), masterKey(auth), session(auth))));
    }

    public void delete(ParseAuth auth, String className, String objectId) {
        call(() -> api.delete(ParseNames.requireClassName(className), requireObjectId(objectId), masterKey(auth), session(auth)));
    }

    public List<ParseObject> find(ParseAuth auth, ParseQuery query) {
        ObjectNode answer = read(() -> api.find(query.className(), query.whereJson(), query.orderParam(),
                query.limitParam(), query.keysParam(), query.includeParam(), null, masterKey(auth), session(auth)));
        List<ParseObject> results = new ArrayList<>();
        answer.path("results").forEach(result -> results.add(new ParseObject((ObjectNode) result)));
        return results;
    }

    public Optional<ParseObject> first(ParseAuth auth, ParseQuery query) {
        return find(auth, query.limit(1)).stream().findFirst();
    }

    public long count(ParseAuth auth, ParseQuery query) {
        ObjectNode answer = read(() -> api.find(query.className(), query.whereJson(), null, 0, null, null, 1,
                masterKey(auth), session(auth)));
        return answer.path("count").asLong();
    }

    /**
     * Runs writes in one request and returns one result per operation, in order; each is applied on its own.
     * Never {@code "transaction": true}: Parse Server 9.10 keeps the open transaction in one field shared by
     * every request ({@code DatabaseController._transactionalSession}), so two transactional batches in flight
     * swap sessions and one is never committed although Parse answered success for its items (see
     * docs/architecture.md, "Parse transactions").
     */
    public List<BatchResult> batch(ParseAuth auth, List<BatchOperation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        JsonNode answer = call(() -> api.batch(batchRequest(operations), masterKey(auth), session(auth)));
        return batchResults(answer, operations.size());
    }

    /**
     * {@link #batch} without blocking a thread: the stage completes on the HTTP client's event loop, and fails
     * with the exceptions {@code batch} throws ({@link ParseUnavailableException} for a broken connection).
     */
    public CompletionStage<List<BatchResult>> batchAsync(ParseAuth auth, List<BatchOperation> operations) {
        if (operations.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<BatchResult>> results = new CompletableFuture<>();
        try {
            api.batchAsync(batchRequest(operations), masterKey(auth), session(auth)).whenComplete((answer, failure) -> {
                try {
                    if (failure != null) {
                        throw unavailableIfBroken(failure);
                    }
                    results.complete(batchResults(answer, operations.size()));
                } catch (RuntimeException failed) {
                    results.completeExceptionally(failed);
                }
            });
        } catch (RuntimeException failed) {
            results.completeExceptionally(unavailableIfBroken(failed));
        }
        return results;
    }

    private ObjectNode batchRequest(List<BatchOperation> operations) {
        ObjectNode request = ParseJson.NODES.objectNode();
        ArrayNode requests = request.putArray("requests");
        for (BatchOperation operation : operations) {
            ObjectNode item = requests.addObject().put("method", operation.method()).put("path", mountPath + operation.path());
            if (operation.body() != null) {
                item.set("body", operation.body());
            }
        }
        return request;
    }

    private static List<BatchResult> batchResults(JsonNode answer, int operations) {
        List<BatchResult> results = new ArrayList<>(operations);
        for (JsonNode item : answer) {
            if (item.has("success")) {
                JsonNode success = item.get("success");
                results.add(new BatchResult(success.isObject() ? (ObjectNode) success : ParseJson.NODES.objectNode(), null));
            } else {
                JsonNode error = item.path("error");
                int code = error.path("code").asInt(ParseException.INTERNAL_SERVER_ERROR);
                String message = error.path("error").asText(error.toString());
                results.add(new BatchResult(null, code == ParseException.INTERNAL_SERVER_ERROR
                        ? new ParseException.BackendFailureException(message) : ParseException.of(code, message)));
            }
        }
        if (results.size() != operations) {
            throw new ParseUnavailableException("Parse answered " + results.size() + " results for "
                    + operations + " batch operations", 200, null);
        }
        return results;
    }

    /** True when Parse Server answers its health check. */
    public boolean isHealthy() {
        try {
            return "ok".equals(read(api::health).path("status").asText());
        } catch (RuntimeException unavailable) {
            return false;
        }
    }

    private String masterKey(ParseAuth auth) {
        return auth instanceof ParseAuth.Master ? config.masterKey() : null;
    }

    private static String session(ParseAuth auth) {
        return auth instanceof ParseAuth.Session session ? session.token() : null;
    }

    private static String requireObjectId(String objectId) {
        if (objectId == null || !objectId.matches("[A-Za-z0-9]{1,32}")) {
            throw new ParseException.ObjectNotFoundException("not a Parse objectId");
        }
        return objectId;
    }

    private static ParseUser toUser(ObjectNode user) {
        return new ParseUser(user.path("objectId").asText(), user.path("username").asText(null),
                user.path("email").asText(null), user.path("sessionToken").asText(null));
    }

    /**
     * Reads are retried once on a broken connection: Parse drops keep-alive connections after any
     * HTTP 500, so the next pooled request can fail without having reached it. Writes are not
     * retried here, since they may have been applied; their callers decide.
     */
    private static <T> T read(Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException failure) {
            if (!isBrokenConnection(failure)) {
                throw failure;
            }
            return call(request);
        }
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException failure) {
            throw unavailableIfBroken(failure);
        }
    }

    /** Connection refused, reset, closed or timed out: nothing is known to have been applied. */
    private static RuntimeException unavailableIfBroken(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RuntimeException runtime && !isBrokenConnection(runtime)) {
            return runtime;
        }
        return new ParseUnavailableException("Parse Server unreachable: " + rootMessage(cause), 0, cause);
    }

    /**
     * The REST client reports network failures as {@link ProcessingException}, but a pooled connection that Parse
     * closed can also surface as Vert.x's own exception (e.g. {@code HttpClosedException}), or an I/O cause.
     */
    private static boolean isBrokenConnection(RuntimeException failure) {
        if (failure instanceof ParseException || failure instanceof ParseUnavailableException
                || failure instanceof WebApplicationException) {
            return false;
        }
        if (failure instanceof ProcessingException || failure instanceof VertxException) {
            return true;
        }
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof VertxException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
