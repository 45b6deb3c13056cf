package dev.slipway.core.engine;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Resolves the target aggregate of a command as Axon's {@link AnnotationCommandTargetResolver} does, from the first
 * method and then the first field annotated with {@link TargetAggregateIdentifier} or {@link TargetAggregateVersion}.
 * Axon 4.13's resolver searches the command class's members by reflection for every command. This one searches each
 * class once and keeps the members it found.
 */
final class CachingCommandTargetResolver implements CommandTargetResolver {

    private final Map<Class<?>, Targets> targets = new ConcurrentHashMap<>();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Targets members = targets.computeIfAbsent(command.getPayloadType(), Targets::of);
        Object identifier;
        Long version;
        try {
            identifier = read(members.identifier(), command.getPayload());
            version = asLong(read(members.version(), command.getPayload()));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information from"
                    + " a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of aggregate"
                    + " information from the given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate. Make"
                    + " sure at least one of the fields or methods in the [" + command.getPayloadType().getSimpleName()
                    + "] class contains the @TargetAggregateIdentifier annotation and that it returns a non-null"
                    + " value.");
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Object read(Object member, Object payload)
            throws InvocationTargetException, IllegalAccessException {
        if (member instanceof Method method) {
            return method.invoke(payload);
        }
        if (member instanceof Field field) {
            return field.get(payload);
        }
        return null;
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(value.toString());
    }

    /** The annotated method or field of a command class for the identifier and the version, each null when none. */
    private record Targets(Object identifier, Object version) {

        static Targets of(Class<?> commandType) {
            return new Targets(find(commandType, TargetAggregateIdentifier.class),
                    find(commandType, TargetAggregateVersion.class));
        }

        private static Object find(Class<?> commandType, Class<? extends Annotation> annotation) {
            for (Method method : methodsOf(commandType)) {
                if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                    return ensureAccessible(method);
                }
            }
            for (Field field : fieldsOf(commandType)) {
                if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                    return ensureAccessible(field);
                }
            }
            return null;
        }
    }
}
