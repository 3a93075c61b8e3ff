package dev.pifleet.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves a pifleet app as the contract's error JSON: no stack traces, no HTML. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    /** Where Quarkus REST reads a request's body from the connection. */
    private static final String REQUEST_BODY_STREAM = "org.jboss.resteasy.reactive.server.vertx.VertxInputStream";

    @ServerExceptionMapper
    public Response apiException(ApiException error) {
        return ErrorResponses.of(error);
    }

    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response invalidInput(ConstraintViolationException error) {
        List<FieldError> details = error.getConstraintViolations().stream()
                .map(violation -> new FieldError(FieldPaths.of(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String message = details.stream().map(detail -> detail.field() + ": " + detail.message())
                .collect(Collectors.joining("; "));
        return ErrorResponses.of(400, ErrorBody.of("invalid_input", message, details));
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException error) {
        String field = jsonPath(error);
        String message = field.isEmpty() ? "the request body has the wrong JSON shape"
                : "wrong JSON type for " + field;
        return ErrorResponses.of(400, ErrorBody.of("invalid_input", message,
                List.of(new FieldError(field.isEmpty() ? "body" : field, message))));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException error) {
        return ErrorResponses.of(400, ErrorBody.of("malformed_json", "the request body is not valid JSON"));
    }

    /**
     * Quarkus REST answers a query or path parameter it cannot convert ({@code points=abc}) with a NotFoundException
     * carrying the conversion's failure, as JAX-RS says; for a client that is bad input, not a missing resource.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException error) {
        if (error.getCause() != null) {
            return ErrorResponses.of(400, ErrorBody.of("invalid_input",
                    "a parameter is not of its type: a whole number, or true or false, where one is expected"));
        }
        return ErrorResponses.of(404, ErrorBody.of("not_found", "no such resource"));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException error) {
        return ErrorResponses.of(405, ErrorBody.of("method_not_allowed", "this method is not allowed here"));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException error) {
        return ErrorResponses.of(415, ErrorBody.of("unsupported_media_type", "send the body as application/json"));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException error) {
        return ErrorResponses.of(406, ErrorBody.of("not_acceptable", "this resource answers application/json"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException error) {
        // Quarkus REST wraps the body reader's Jackson failures in a plain 400.
        if (error.getCause() instanceof MismatchedInputException wrongType) {
            return wrongJsonType(wrongType);
        }
        if (error.getCause() instanceof JsonProcessingException notJson) {
            return malformedJson(notJson);
        }
        int status = error.getResponse().getStatus();
        if (status == 413) {
            return ErrorResponses.of(413, ErrorBody.of("payload_too_large", "the request body is too large"));
        }
        if (status >= 500) {
            return internal(error);
        }
        return ErrorResponses.of(status, ErrorBody.of("bad_request", "the request cannot be processed"));
    }

    /**
     * A body that cannot be read (a bad chunk size, a connection closed mid-body) is the client's doing: a 400, and
     * no stack trace in the log. The answer rarely reaches a client that broke its own framing, but nothing is lost.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException error) {
        StackTraceElement[] frames = error.getStackTrace();
        if (frames.length == 0 || !frames[0].getClassName().startsWith(REQUEST_BODY_STREAM)) {
            return internal(error);
        }
        LOG.debugf("unreadable request body: %s", error.getMessage());
        return ErrorResponses.of(400, ErrorBody.of("malformed_body", "the request body could not be read"));
    }

    @ServerExceptionMapper
    public Response internal(Throwable error) {
        LOG.error("unhandled error", error);
        return ErrorResponses.of(500, ErrorBody.of("internal_error", "an internal error occurred"));
    }

    private static String jsonPath(JsonMappingException error) {
        return error.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
