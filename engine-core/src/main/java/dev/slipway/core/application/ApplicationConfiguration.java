package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Environment variables, secrets and build arguments of an application at one configuration version. Every change
 * makes a new version; a deployment records the version it uses, so a later change never alters it.
 *
 * @param version        the configuration version, 0 before the first change
 * @param environment    environment variables of the container, by name, values exactly as set
 * @param buildArguments build arguments of the image build, by name, values exactly as set
 * @param secrets        secrets of the container by name, encrypted; empty in events stored before secrets existed
 */
public record ApplicationConfiguration(long version, Map<String, String> environment,
                                       Map<String, String> buildArguments, Map<String, EncryptedSecret> secrets) {

    /** The configuration of an application that has never set a variable. */
    public static final ApplicationConfiguration EMPTY = new ApplicationConfiguration(0, Map.of(), Map.of(), Map.of());

    public ApplicationConfiguration {
        environment = sortedCopy(environment);
        buildArguments = sortedCopy(buildArguments);
        secrets = secrets == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
    }

    /** Creates a configuration without secrets. */
    public ApplicationConfiguration(long version, Map<String, String> environment,
                                    Map<String, String> buildArguments) {
        this(version, environment, buildArguments, Map.of());
    }

    /** Returns the next version with one environment variable set. */
    ApplicationConfiguration withEnvironmentVariable(VariableName name, String value) {
        return new ApplicationConfiguration(version + 1, with(environment, name, value), buildArguments, secrets);
    }

    /** Returns the next version without one environment variable. */
    ApplicationConfiguration withoutEnvironmentVariable(VariableName name) {
        return new ApplicationConfiguration(version + 1, without(environment, name), buildArguments, secrets);
    }

    /** Returns the next version with one build argument set. */
    ApplicationConfiguration withBuildArgument(VariableName name, String value) {
        return new ApplicationConfiguration(version + 1, environment, with(buildArguments, name, value), secrets);
    }

    /** Returns the next version without one build argument. */
    ApplicationConfiguration withoutBuildArgument(VariableName name) {
        return new ApplicationConfiguration(version + 1, environment, without(buildArguments, name), secrets);
    }

    /** Returns the next version with one secret set. */
    ApplicationConfiguration withSecret(VariableName name, EncryptedSecret value) {
        Map<String, EncryptedSecret> changed = new TreeMap<>(secrets);
        changed.put(name.value(), value);
        return new ApplicationConfiguration(version + 1, environment, buildArguments, changed);
    }

    /** Returns the next version without one secret. */
    ApplicationConfiguration withoutSecret(VariableName name) {
        Map<String, EncryptedSecret> changed = new TreeMap<>(secrets);
        changed.remove(name.value());
        return new ApplicationConfiguration(version + 1, environment, buildArguments, changed);
    }

    private static Map<String, String> with(Map<String, String> values, VariableName name, String value) {
        Map<String, String> changed = new TreeMap<>(values);
        changed.put(name.value(), value);
        return changed;
    }

    private static Map<String, String> without(Map<String, String> values, VariableName name) {
        Map<String, String> changed = new TreeMap<>(values);
        changed.remove(name.value());
        return changed;
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> values) {
        SortedMap<String, String> copy = new TreeMap<>();
        if (values != null) {
            values.forEach((name, value) -> copy.put(new VariableName(name).value(),
                    VariableValues.requireValid(value)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
