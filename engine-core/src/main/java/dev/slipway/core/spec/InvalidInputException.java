package dev.slipway.core.spec;

import dev.slipway.core.SlipwayException;

/**
 * Signals that a user-supplied value breaks the rule of its field. Carries the field, the rule and the rejected
 * value so that every frontend can render the same rejection.
 */
public class InvalidInputException extends SlipwayException {

    private final String field;
    private final String rule;
    private final String rejectedValue;

    public InvalidInputException(String field, String rule, String rejectedValue) {
        super(message(field, rule, rejectedValue));
        this.field = field;
        this.rule = rule;
        this.rejectedValue = rejectedValue;
    }

    /** Creates a rejection for a value that must not be echoed, such as a secret. */
    public static InvalidInputException withoutValue(String field, String rule) {
        return new InvalidInputException(field, rule, null);
    }

    private static String message(String field, String rule, String value) {
        if (value == null) {
            return "Invalid " + field + ": " + rule;
        }
        return "Invalid " + field + " '" + printable(value) + "': " + rule;
    }

    /** Replaces control characters so a rejected value cannot forge log lines or terminal output. */
    static String printable(String value) {
        return PrintableText.of(value);
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    /** Returns the rejected value, or null when it must not be shown. */
    public String rejectedValue() {
        return rejectedValue == null ? null : printable(rejectedValue);
    }
}
