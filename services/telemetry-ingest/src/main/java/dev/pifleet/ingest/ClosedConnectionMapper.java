package dev.pifleet.ingest;

import dev.pifleet.parse.ParseExceptionMappers;
import dev.pifleet.parse.ParseUnavailableException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Parse REST client lets Vert.x's {@link HttpClosedException} through unwrapped when Parse closes a pooled
 * connection (it does after any HTTP 500, and when it stops). That is an outage, answered like one: 503 with
 * Retry-After, not 500.
 */
public class ClosedConnectionMapper {

    private final ParseExceptionMappers parseMappers = new ParseExceptionMappers();

    @ServerExceptionMapper
    public Response closedConnection(HttpClosedException closed) {
        return parseMappers.unavailable(new ParseUnavailableException("Parse connection closed", 0, closed));
    }
}
