-- User accounts, sign-in sessions and API tokens of the web frontends. The script runs on PostgreSQL and on H2.
-- Only hashes and ciphertexts are stored: BCrypt password hashes, SHA-256 hashes of refresh and API tokens, and
-- TOTP secrets encrypted with the engine's master key (Tink AES-256-GCM, bound to the user name).

CREATE TABLE slipway_user (
    user_name              VARCHAR(255)             NOT NULL,
    password_hash          VARCHAR(255)             NOT NULL,
    totp_secret_ciphertext VARCHAR(1024)            NOT NULL,
    -- The last TOTP time step used to sign in, so that each code signs in once; -1 before the first sign-in.
    last_totp_step         BIGINT                   NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slipway_user_pkey PRIMARY KEY (user_name)
);

CREATE TABLE slipway_session (
    session_id         VARCHAR(64)              NOT NULL,
    user_name          VARCHAR(255)             NOT NULL,
    -- The hash of the one refresh token that may be exchanged next.
    refresh_token_hash VARCHAR(64)              NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at           TIMESTAMP WITH TIME ZONE,
    CONSTRAINT slipway_session_pkey PRIMARY KEY (session_id)
);

CREATE INDEX slipway_session_user_idx ON slipway_session (user_name);

-- Refresh tokens already exchanged: presenting one again ends its session.
CREATE TABLE slipway_used_refresh_token (
    refresh_token_hash VARCHAR(64) NOT NULL,
    session_id         VARCHAR(64) NOT NULL,
    CONSTRAINT slipway_used_refresh_token_pkey PRIMARY KEY (refresh_token_hash)
);

CREATE TABLE slipway_api_token (
    token_id   VARCHAR(64)              NOT NULL,
    owner_name VARCHAR(255)             NOT NULL,
    token_hash VARCHAR(64)              NOT NULL,
    scope      VARCHAR(16)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT slipway_api_token_pkey PRIMARY KEY (token_id)
);
