package dev.slipway.web;

/** Kinds of failure that both frontends report, each with the HTTP status of the REST response. */
public enum ErrorCategory {

    /** A value breaks the rule of its field, so the request can be fixed and sent again. */
    INVALID_INPUT(400, "Invalid input"),
    /** The caller may see the resource but lacks the role or token scope that the request needs. */
    FORBIDDEN(403, "Forbidden"),
    /** The resource does not exist, or the caller may not see it. */
    NOT_FOUND(404, "Not found"),
    /** The request conflicts with the current state of the resource. */
    CONFLICT(409, "Conflict"),
    /** The request is valid but the engine could not carry it out. */
    UNPROCESSABLE(422, "Unprocessable request"),
    /** The engine failed. The details are only in the server log. */
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    ErrorCategory(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** Returns the HTTP status code of this category. */
    public int status() {
        return status;
    }

    /** Returns the short, fixed summary of this category. */
    public String title() {
        return title;
    }
}
