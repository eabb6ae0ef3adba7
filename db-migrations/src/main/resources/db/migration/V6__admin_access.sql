-- Who may use the admin API (and so the console): admin users log in with a password and get a session token;
-- scripts use API keys. Only hashes are stored: a PBKDF2 hash for passwords, SHA-256 for the random tokens and keys
-- (they carry 256 bits of randomness, so a fast hash is enough and lets a request find its key by the hash).

CREATE TABLE kin_admin_user (
    username      text PRIMARY KEY,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kin_admin_session (
    token_hash text PRIMARY KEY,
    username   text        NOT NULL REFERENCES kin_admin_user (username) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX kin_admin_session_expiry ON kin_admin_session (expires_at);

CREATE TABLE kin_api_key (
    id           text PRIMARY KEY,
    name         text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('admin', 'viewer')),
    key_hash     text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
