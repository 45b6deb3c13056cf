package dev.slipway.core.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a caller needs in the team that owns the target resource to send a command or query. A command or query
 * without this annotation is reserved for the engine, so a user or an API token that sends it gets the result of a
 * missing resource. An API token also needs the {@link TokenScope} that matches the role, see
 * {@link AccessRules#scopeFor(Role)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiredRole {

    /** The minimum role that may send the message. */
    Role value();
}
