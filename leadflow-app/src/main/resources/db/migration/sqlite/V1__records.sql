-- Every record ever accepted, in arrival order (seq). The server's state is a replay of this table.
-- Rows are only ever appended, in seq order. A messageId is stored once: the one writer checks it
-- against the ids it holds in memory (loaded from here), so no unique index has to absorb random
-- keys on every insert; processing order (ts, seq) is sorted in memory when the history is read.
CREATE TABLE records (
    seq          INTEGER PRIMARY KEY,
    message_id   TEXT    NOT NULL,
    ts           INTEGER NOT NULL,          -- the record's timestamp, epoch milliseconds
    type         TEXT    NOT NULL,
    user_id      TEXT,
    anonymous_id TEXT,
    previous_id  TEXT,                      -- alias records only
    received_at  INTEGER NOT NULL,          -- when the server accepted it, epoch milliseconds
    body         TEXT    NOT NULL           -- the record in the replay format (one JSON line)
);
-- the identity keys, to read a lead's records back when a late record makes it rebuild
CREATE INDEX records_user_id ON records (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX records_anonymous_id ON records (anonymous_id) WHERE anonymous_id IS NOT NULL;
CREATE INDEX records_previous_id ON records (previous_id) WHERE previous_id IS NOT NULL;
