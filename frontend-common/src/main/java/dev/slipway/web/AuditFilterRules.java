package dev.slipway.web;

import dev.slipway.core.spec.InvalidInputException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

/**
 * Checks the filters of an audit search alike for REST and GraphQL. A value outside a closed set, such as an event
 * type or the kind of an actor, is rejected with the accepted values. An id that matches nothing, such as an unknown
 * resource, team or user, is accepted and finds no entries, so that ids of other teams and unknown ids look alike.
 */
public final class AuditFilterRules {

    /** The kinds of actor as the audit log writes them: {@code engine}, {@code user:<name>}, {@code token:<id>}. */
    static final String ACTOR_RULE = "must be 'engine', 'user:<name>' or 'token:<id>'";

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

    /** Rejects an actor whose kind is not engine, user or token. Null and empty pass, and so does any id. */
    public static void checkActor(String field, String actor) {
        if (actor == null || actor.isEmpty() || actor.equals("engine") || actor.startsWith("user:")
                || actor.startsWith("token:")) {
            return;
        }
        throw new InvalidInputException(field, ACTOR_RULE, actor);
    }

    /**
     * Simple names of the records named {@code ...Event} under {@code dev.slipway}, found once on the class path. The
     * audit log names an entry by its event's simple type name, so these are the values an entry can have.
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
                String className = candidate.getBeanClassName();
                if (className != null && isRecord(candidate)) {
                    int nameStart = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1;
                    names.add(className.substring(nameStart));
                }
            }
            return names;
        }

        private static boolean isRecord(BeanDefinition candidate) {
            return candidate instanceof AnnotatedBeanDefinition annotated
                    && Record.class.getName().equals(annotated.getMetadata().getSuperClassName());
        }
    }
}
