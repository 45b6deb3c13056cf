-- Keys that this server signs with, such as the ES256 key of access tokens, so that every node on the database and
-- every restart accept the same tokens. Each key is stored as its private JWK encrypted with the engine's master key.

CREATE TABLE slipway_signing_key (
    key_name       VARCHAR(64)              NOT NULL,
    key_ciphertext VARCHAR(4096)            NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_signing_key_pkey PRIMARY KEY (key_name)
);
