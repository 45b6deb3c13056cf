package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>The maps are sorted by name and cannot be changed. A map given to the constructor is checked and copied, except
 * a map of another configuration, which was checked when that configuration was made. So a change copies only the
 * map it changes and checks only the entry it sets, however many entries the configuration has.
 */
public record ApplicationConfiguration(long version, Map<String, String> environment,
                                       Map<String, String> buildArguments, Map<String, EncryptedSecret> secrets) {

    /** The configuration of an application that has never set a variable. */
    public static final ApplicationConfiguration EMPTY = new ApplicationConfiguration(0, Map.of(), Map.of(), Map.of());

    public ApplicationConfiguration {
        environment = checkedCopy(environment);
        buildArguments = checkedCopy(buildArguments);
        secrets = secrets == null ? Checked.empty() : Checked.copyOf(secrets);
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
        TreeMap<String, EncryptedSecret> changed = new TreeMap<>(secrets);
        changed.put(name.value(), value);
        return new ApplicationConfiguration(version + 1, environment, buildArguments, new Checked<>(changed));
    }

    /** Returns the next version without one secret. */
    ApplicationConfiguration withoutSecret(VariableName name) {
        TreeMap<String, EncryptedSecret> changed = new TreeMap<>(secrets);
        changed.remove(name.value());
        return new ApplicationConfiguration(version + 1, environment, buildArguments, new Checked<>(changed));
    }

    /** Returns {@code values}, a map of this configuration, with one entry set; only that entry is checked. */
    private static Map<String, String> with(Map<String, String> values, VariableName name, String value) {
        TreeMap<String, String> changed = new TreeMap<>(values);
        changed.put(name.value(), VariableValues.requireValid(value));
        return new Checked<>(changed);
    }

    private static Map<String, String> without(Map<String, String> values, VariableName name) {
        TreeMap<String, String> changed = new TreeMap<>(values);
        changed.remove(name.value());
        return new Checked<>(changed);
    }

    /** Checks every name and value of {@code values}, and copies them, unless another configuration checked them. */
    private static Map<String, String> checkedCopy(Map<String, String> values) {
        if (values instanceof Checked<String> checked) {
            return checked;
        }
        TreeMap<String, String> copy = new TreeMap<>();
        if (values != null) {
            values.forEach((name, value) -> copy.put(new VariableName(name).value(),
                    VariableValues.requireValid(value)));
        }
        return new Checked<>(copy);
    }

    /**
     * A sorted map that nothing can change, made only here from a map whose names and values were checked. The
     * configuration's constructor takes it as it is.
     */
    private static final class Checked<V> extends AbstractMap<String, V> implements SortedMap<String, V> {

        private static final Checked<?> EMPTY = new Checked<>(new TreeMap<>());

        private final SortedMap<String, V> values;

        /** Wraps {@code values}, which the caller made, checked, and no longer changes. */
        Checked(TreeMap<String, V> values) {
            this.values = Collections.unmodifiableSortedMap(values);
        }

        @SuppressWarnings("unchecked")
        static <V> Checked<V> empty() {
            return (Checked<V>) EMPTY;
        }

        static <V> Checked<V> copyOf(Map<String, V> values) {
            return values instanceof Checked<V> checked ? checked : new Checked<>(new TreeMap<>(values));
        }

        @Override
        public Set<Entry<String, V>> entrySet() {
            return values.entrySet();
        }

        @Override
        public V get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public Set<String> keySet() {
            return values.keySet();
        }

        @Override
        public Collection<V> values() {
            return values.values();
        }

        @Override
        public Comparator<? super String> comparator() {
            return values.comparator();
        }

        @Override
        public SortedMap<String, V> subMap(String fromKey, String toKey) {
            return values.subMap(fromKey, toKey);
        }

        @Override
        public SortedMap<String, V> headMap(String toKey) {
            return values.headMap(toKey);
        }

        @Override
        public SortedMap<String, V> tailMap(String fromKey) {
            return values.tailMap(fromKey);
        }

        @Override
        public String firstKey() {
            return values.firstKey();
        }

        @Override
        public String lastKey() {
            return values.lastKey();
        }
    }
}
