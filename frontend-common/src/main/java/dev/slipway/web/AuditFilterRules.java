package dev.slipway.web;

import dev.slipway.core.spec.InvalidInputException;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

/**
 * Checks the filters of an audit search alike for REST and GraphQL. A value outside a closed set, such as an event
 * type or the kind of an actor, is rejected with the accepted values. An id that matches nothing, such as an unknown
 * resource, team or user, is accepted and finds no entries, so that ids of other teams and unknown ids look alike.
 */
public final class AuditFilterRules {

    /**
     * The kinds of actor as the audit log writes them: {@code engine}, {@code user:<name>}, {@code token:<id>} and
     * {@code webhook:<applicationId>}.
     */
    static final String ACTOR_RULE = "must be 'engine', 'user:<name>', 'token:<id>' or 'webhook:<applicationId>'";

    private static final Logger log = LoggerFactory.getLogger(AuditFilterRules.class);
    private static final String EVENT_PACKAGE = "dev.slipway";
    private static final Pattern EVENT_CLASS = Pattern.compile(".*Event");

    private AuditFilterRules() {
    }

    /** Rejects an event type that no Slipway event has, naming the accepted types. Null and empty pass. */
    public static void checkEventType(String field, String eventType) {
        if (eventType == null || eventType.isEmpty() || EventTypes.NAMES.contains(eventType)) {
            return;
        }
        throw new InvalidInputException(field, "must be one of the event types " + String.join(", ",
                EventTypes.NAMES), eventType);
    }

    /** Rejects an actor whose kind is not engine, user, token or webhook. Null and empty pass, and so does any id. */
    public static void checkActor(String field, String actor) {
        if (actor == null || actor.isEmpty() || actor.equals("engine") || actor.startsWith("user:")
                || actor.startsWith("token:") || actor.startsWith("webhook:")) {
            return;
        }
        throw new InvalidInputException(field, ACTOR_RULE, actor);
    }

    /**
     * Simple names of the public records named {@code ...Event} under {@code dev.slipway}, found once on the class
     * path. The audit log names an entry by its event's simple type name, so these are the values an entry can have.
     * NOTE: An event type whose class a later version removed or renamed is rejected, although old entries have it.
     */
    private static final class EventTypes {

        static final Set<String> NAMES = scan();

        private static Set<String> scan() {
            ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(
                    false);
            scanner.addIncludeFilter(new RegexPatternTypeFilter(EVENT_CLASS));
            Set<String> names = new TreeSet<>();
            for (BeanDefinition candidate : scanner.findCandidateComponents(EVENT_PACKAGE)) {
                Class<?> type = load(candidate.getBeanClassName());
                // Events are public records. A package-private record such as the audit chain's StoredEvent is not.
                if (type != null && type.isRecord() && Modifier.isPublic(type.getModifiers())) {
                    names.add(type.getSimpleName());
                }
            }
            return names;
        }

        /** Loads a class without initializing it, or returns null when it cannot be loaded. */
        private static Class<?> load(String className) {
            if (className == null) {
                return null;
            }
            try {
                return Class.forName(className, false, AuditFilterRules.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                log.warn("audit event type [{}] not loadable, so audit searches reject it: {}", className,
                        e.toString());
                return null;
            }
        }
    }
}
