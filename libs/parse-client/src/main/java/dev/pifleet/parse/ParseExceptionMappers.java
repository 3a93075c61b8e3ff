package dev.pifleet.parse;

import dev.pifleet.service.ApiException;
import dev.pifleet.service.ErrorBody;
import dev.pifleet.service.ErrorResponses;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Parse failures that reach an HTTP resource unhandled: the client sees the contract's error,
 * never Parse's error object.
 */
public class ParseExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ParseExceptionMappers.class);

    /** Long enough for a restarting Parse Server to come back, short enough for devices not to pile up. */
    static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response unavailable(ParseUnavailableException error) {
        LOG.warnf("Parse Server unavailable: %s", error.getMessage());
        return ErrorResponses.of(ApiException.unavailable("the backend store is unavailable; retry later",
                RETRY_AFTER_UNAVAILABLE));
    }

    @ServerExceptionMapper
    public Response backendFailure(ParseException.BackendFailureException error) {
        LOG.warnf("Parse Server could not apply a write: %s", error.getMessage());
        return ErrorResponses.of(ApiException.unavailable("the backend store is unavailable; retry later",
                RETRY_AFTER_UNAVAILABLE));
    }

    @ServerExceptionMapper
    public Response invalidSession(ParseException.InvalidSessionException error) {
        return ErrorResponses.of(401, ErrorBody.of("invalid_session", "the session is invalid or has ended"));
    }

    @ServerExceptionMapper
    public Response parseError(ParseException error) {
        LOG.errorf("unexpected Parse error %d: %s", error.code(), error.getMessage());
        return ErrorResponses.of(500, ErrorBody.of("internal_error", "an internal error occurred"));
    }
}
