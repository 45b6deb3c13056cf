-- The applications' data keysets, each wrapped (encrypted) by the engine's master key, shared by every engine node
-- on this database. Destroying an application's keyset deletes its row and records the application in
-- slipway_destroyed_keyset, so no node creates a new keyset for it.

CREATE TABLE slipway_keyset (
    application_id VARCHAR(255)             NOT NULL,
    wrapped_keyset BYTEA                    NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_keyset_pkey PRIMARY KEY (application_id)
);

CREATE TABLE slipway_destroyed_keyset (
    application_id VARCHAR(255)             NOT NULL,
    destroyed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_destroyed_keyset_pkey PRIMARY KEY (application_id)
);
