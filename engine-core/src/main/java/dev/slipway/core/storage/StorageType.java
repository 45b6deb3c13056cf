package dev.slipway.core.storage;

/** Storage of the engine's events, tracking tokens and sagas under Spring Boot. */
public enum StorageType {

    /**
     * The store the application configures itself: Axon's JPA store on the application's data source (the quickstart
     * uses an H2 file), or an in-memory store when there is none.
     */
    EMBEDDED,

    /** Axon's JDBC storage on the application's PostgreSQL data source, with a schema that the engine migrates. */
    POSTGRESQL,

    /** Axon Server through Axon's connector; no local database is used for events. */
    AXON_SERVER
}
