package dev.slipway.web;

/**
 * A failure as the frontends show it to a client. It contains no stack trace, class name or internal message.
 *
 * @param category      the kind of failure
 * @param detail        a sentence for the user: what failed, on which value, and what to do
 * @param field         the rejected field, or null when the failure concerns no single field
 * @param rule          the rule the field breaks, or null
 * @param rejectedValue the rejected value with control characters escaped, or null when absent or secret
 * @param correlationId the id of the request, which also appears on every log line about it
 */
public record ApiError(ErrorCategory category, String detail, String field, String rule, String rejectedValue,
                       String correlationId) {

    /** Returns the HTTP status code of this failure. */
    public int status() {
        return category.status();
    }

    /** Returns the short, fixed summary of this failure's category. */
    public String title() {
        return category.title();
    }
}
