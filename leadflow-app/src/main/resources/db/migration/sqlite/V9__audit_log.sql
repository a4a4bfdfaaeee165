-- The audit log of privileged actions (docs/PRIVACY.md): appended to, never changed. The triggers
-- refuse any UPDATE or DELETE, whoever issues it.
CREATE TABLE audit_log (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,     -- epoch milliseconds
    actor    TEXT    NOT NULL,     -- key:<id>, user:<name>, cli:<os user>, schedule
    origin   TEXT    NOT NULL,     -- the client's address, cli or server
    action   TEXT    NOT NULL,     -- lead.exported, lead.erased, key.created, model.published, …
    target   TEXT    NOT NULL,     -- what was acted on: a lead id, a key id, a model id, …
    detail   TEXT    NOT NULL      -- a JSON object of strings
);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be deleted');
END;
