-- API and write keys. Only a SHA-256 of each key is kept: keys are 32 random bytes, so a fast hash
-- is enough, and a stolen table reveals no key.
CREATE TABLE api_keys (
    id          TEXT    PRIMARY KEY,        -- the key's public prefix, safe to show and log
    secret_hash TEXT    NOT NULL UNIQUE,    -- hex SHA-256 of the whole key
    scope       TEXT    NOT NULL,           -- write | read | act | admin
    created_at  INTEGER NOT NULL
);
