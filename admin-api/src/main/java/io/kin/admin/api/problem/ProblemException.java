package io.kin.admin.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/** Thrown by resources to answer with a problem; mapped to its response. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(404, "not-found", what + " not found",
                what + " '" + id + "' does not exist", null));
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
            return e.problem().toResponse();
        }
    }
}
