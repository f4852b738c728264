package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.rollout.RolloutActionRefused;

/**
 * A request the API refuses, answered as an RFC 9457 problem body.
 *
 * @param field the request field at fault, null when the problem is not about one field
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String field;

    public ApiProblem(int status, String detail, String field) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(400, detail, field);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, detail, null);
    }

    /** A refused rollout action: 404 when it is about nothing known, else 409. */
    public static ApiProblem of(RolloutActionRefused refused) {
        return refused.notFound() ? notFound(refused.getMessage()) : new ApiProblem(409, refused.getMessage(), null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
