package dev.slipway.core.storage;

/**
 * Version of the engine's PostgreSQL schema after migration at startup. The stores depend on this bean, so none of
 * them touches the database before its tables exist.
 *
 * @param version the Flyway version the schema has, such as {@code 1}
 */
public record PostgresSchemaVersion(String version) {
}
