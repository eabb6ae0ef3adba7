package io.kin.admin.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown by resources to answer with a problem; mapped to its response. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    /** A header to answer along with the problem (Retry-After, ETag...). */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Response toResponse() {
        Response.ResponseBuilder r = Response.fromResponse(problem.toResponse());
        headers.forEach(r::header);
        return r.build();
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(404, "not-found", what + " not found",
                what + " '" + id + "' does not exist", null));
    }

    /** The resource changed since the caller read it: its If-Match names an older revision. */
    public static ProblemException stale(String what, String id) {
        return new ProblemException(Problem.of(412, "stale-revision", "Changed by someone else",
                what + " '" + id + "' was changed since you read it (If-Match does not match its ETag); read it "
                        + "again and re-apply your change", null));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail, null));
    }

    public static ProblemException invalid(String slug, String title, List<Problem.FieldError> errors) {
        String detail = errors.isEmpty() ? title
                : errors.get(0).field() + ": " + errors.get(0).message();
        return new ProblemException(Problem.of(400, slug, title, detail, errors));
    }

    @Provider
    public static final class Mapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return e.toResponse();
        }
    }
}
