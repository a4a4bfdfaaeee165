-- The records, now stored as chunks: one row per commit holding many records, so that the single
-- writer pays one row per commit instead of one per record (with three indexes, per-record rows
-- capped durable ingest near 27,000 records/s). The records a late record's rebuild needs are
-- found in memory (the server indexes the records it loads), so no column of a record is indexed.
CREATE TABLE record_chunks (
    first_seq    BIGINT PRIMARY KEY,          -- the seq of the chunk's first record; the others follow it
    count        BIGINT NOT NULL,             -- how many records (lines of body)
    received_at  BIGINT NOT NULL,             -- when the server accepted them, epoch milliseconds
    body         TEXT    NOT NULL             -- the records in the replay format, one JSON line each, joined by \n
);
ALTER TABLE record_chunks ALTER COLUMN body SET STORAGE EXTERNAL; -- stored as sent: compressing costs the writer more than the disk it saves
INSERT INTO record_chunks (first_seq, count, received_at, body) SELECT seq, 1, received_at, body FROM records;
DROP TABLE records;
