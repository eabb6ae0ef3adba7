package io.kin.admin.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Every error the framework raises, answered as an RFC 7807 problem instead of its default body. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    /** Bean validation of request bodies and parameters: one field error per violation. */
    @Provider
    public static final class Validation implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<Problem.FieldError> errors = new ArrayList<>();
            for (ConstraintViolation<?> v : e.getConstraintViolations()) {
                errors.add(new Problem.FieldError(field(v.getPropertyPath().toString()), v.getMessage(), null, null));
            }
            errors.sort(java.util.Comparator.comparing(Problem.FieldError::field));
            return ProblemException.invalid("invalid-request", "Invalid request", errors).problem().toResponse();
        }

        /** "create.body.name" → "name": the method and parameter are not part of what the caller sent. */
        private static String field(String path) {
            String[] parts = path.split("\\.", 3);
            return parts.length == 3 ? parts[2] : path;
        }
    }

    /** A body that is not JSON, or JSON of the wrong shape. */
    @Provider
    public static final class UnreadableJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return Problem.of(400, "unreadable-body", "Request body is not valid JSON for this operation",
                    e.getOriginalMessage(), null).toResponse();
        }
    }

    /** JSON of the wrong shape (a missing or unknown action type, a string for a number...), with the field's path. */
    @Provider
    public static final class WrongShape implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
            List<Problem.FieldError> errors = path.isEmpty() ? List.of()
                    : List.of(new Problem.FieldError(path, e.getOriginalMessage(), null, null));
            return Problem.of(400, "unreadable-body", "Request body is not valid JSON for this operation",
                    e.getOriginalMessage(), errors).toResponse();
        }
    }

    /** 404 for unknown paths, 405, 415 and the like, keeping their status. */
    @Provider
    public static final class Http implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "HTTP " + status : known.getReasonPhrase();
            return Problem.of(status, "http-" + status, title, e.getMessage(), null).toResponse();
        }
    }

    /** Anything unexpected: logged with its stack, answered without it. */
    @Provider
    public static final class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            LOG.error("request failed", e);
            return Problem.of(500, "internal-error", "Internal error", "the request failed; see the admin API log",
                    null).toResponse();
        }
    }
}
