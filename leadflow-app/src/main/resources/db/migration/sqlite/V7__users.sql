-- Dashboard users. Passwords are kept only as a PBKDF2-HMAC-SHA256 hash with a random salt and its
-- iteration count ("pbkdf2-sha256$<iterations>$<salt>$<hash>", base64), so that a stolen table is
-- slow to attack and the cost can be raised later without breaking stored hashes.
CREATE TABLE users (
    username      TEXT    PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL,     -- admin | marketing | sales
    member        TEXT,                 -- a sales user's hand-off member id (their queue)
    created_at    INTEGER NOT NULL
);
