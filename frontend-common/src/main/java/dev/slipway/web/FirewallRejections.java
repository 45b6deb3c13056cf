package dev.slipway.web;

import dev.slipway.core.spec.InvalidInputException;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Names the part of a request that Spring Security's firewall rejected, without the rejected text. The firewall's
 * messages quote the offending parameter, header or host as sent, which may contain a token or a secret, so only the
 * kind of part and its rule reach the client and the log.
 */
public final class FirewallRejections {

    /** Start of the message of a firewall rejection of a parameter name, in Spring Security 6.5. */
    public static final String PARAMETER_NAME_MESSAGE = "The request was rejected because the parameter name";

    static final String CHARACTER_RULE = "must not contain control characters (U+0000 to U+001F, U+007F to U+009F)"
            + " or unassigned characters, also when percent-encoded";

    private static final String PARAMETER_VALUE_MESSAGE = "The request was rejected because the parameter";
    private static final String HEADER_NAME_MESSAGE = "The request was rejected because the header name";
    private static final String HEADER_VALUE_MESSAGE = "The request was rejected because the header";
    private static final String METHOD_MESSAGE = "The request was rejected because the HTTP method";

    private FirewallRejections() {
    }

    /**
     * Returns the rejection as invalid input that names the field and the rule and carries no value. A message that
     * names no parameter, header or method is reported as a rejected path.
     */
    static InvalidInputException invalidInput(RequestRejectedException rejection) {
        // NOTE: Spring Security has no type per rejected part, so the part is read from the start of its message.
        // A message worded differently in another Spring Security version is reported as a rejected path.
        String message = rejection.getMessage() == null ? "" : rejection.getMessage();
        if (message.startsWith(PARAMETER_NAME_MESSAGE)) {
            return InvalidInputException.withoutValue("parameter", "name " + CHARACTER_RULE);
        }
        if (message.startsWith(PARAMETER_VALUE_MESSAGE)) {
            return InvalidInputException.withoutValue("parameter", "value " + CHARACTER_RULE);
        }
        if (message.startsWith(HEADER_NAME_MESSAGE)) {
            return InvalidInputException.withoutValue("header", "name " + CHARACTER_RULE);
        }
        if (message.startsWith(HEADER_VALUE_MESSAGE)) {
            return InvalidInputException.withoutValue("header", "value must not contain control characters other"
                    + " than tab, or unassigned characters");
        }
        if (message.startsWith(METHOD_MESSAGE)) {
            return InvalidInputException.withoutValue("method",
                    "must be one of DELETE, GET, HEAD, OPTIONS, PATCH, POST or PUT");
        }
        return InvalidInputException.withoutValue("path", "must not contain ';', '//', '..', a backslash, or an"
                + " encoded '.', '%', line break or other control character");
    }
}
