package dev.slipway.core.access;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Who sends a command or query: a user, an API token, the webhook of an application, or the engine itself for work
 * it does on its own account. Its text form, such as {@code user:alice}, is what the audit log shows.
 *
 * @param kind the kind of caller
 * @param id   the user name, the token id or the webhook's application id; {@code engine} for the engine
 */
public record Caller(Kind kind, String id) {

    /**
     * The kinds of caller. A {@code WEBHOOK} caller is a signed push delivery to one application's webhook. It is no
     * member of any team and may only request deployments of that application.
     */
    public enum Kind { USER, TOKEN, ENGINE, WEBHOOK }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final Pattern APPLICATION_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The engine acting on its own account, such as when it registers the local server at start. */
    public static final Caller ENGINE = new Caller(Kind.ENGINE, "engine");

    public Caller {
        if (kind == null || id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("caller", "must be 1 to 128 letters, digits or '._@-'", id);
        }
        if (kind == Kind.WEBHOOK && !APPLICATION_ID.matcher(id).matches()) {
            throw new InvalidInputException("caller", "a webhook's id must be the UUID of its application", id);
        }
    }

    /** Returns a user caller. */
    public static Caller user(String name) {
        return new Caller(Kind.USER, name);
    }

    /** Returns the caller of a push delivery to the webhook of an application, {@code webhook:<applicationId>}. */
    public static Caller webhook(ApplicationId applicationId) {
        return new Caller(Kind.WEBHOOK, applicationId.toString());
    }

    /** Parses the text form written by {@link #toString()}. */
    public static Caller parse(String text) {
        if ("engine".equals(text)) {
            return ENGINE;
        }
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException("caller",
                    "must look like 'user:name', 'token:id', 'webhook:applicationId' or 'engine'", text);
        }
        String kind = text.substring(0, colon);
        Kind parsed = switch (kind) {
            case "user" -> Kind.USER;
            case "token" -> Kind.TOKEN;
            case "webhook" -> Kind.WEBHOOK;
            default -> throw new InvalidInputException("caller", "kind must be 'user', 'token' or 'webhook'", text);
        };
        return new Caller(parsed, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind == Kind.ENGINE ? "engine" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
