-- Every record ever accepted, in arrival order (seq). The server's state is a replay of this table.
CREATE TABLE records (
    seq          BIGINT PRIMARY KEY,
    message_id   TEXT   NOT NULL UNIQUE,
    ts           BIGINT NOT NULL,           -- the record's timestamp, epoch milliseconds
    type         TEXT   NOT NULL,
    user_id      TEXT,
    anonymous_id TEXT,
    previous_id  TEXT,                      -- alias records only
    received_at  BIGINT NOT NULL,           -- when the server accepted it, epoch milliseconds
    body         TEXT   NOT NULL            -- the record in the replay format (one JSON line)
);
CREATE INDEX records_processing_order ON records (ts, seq);
CREATE INDEX records_user_id ON records (user_id);
CREATE INDEX records_anonymous_id ON records (anonymous_id);
CREATE INDEX records_previous_id ON records (previous_id);
