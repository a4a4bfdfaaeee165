-- The audit log of privileged actions (docs/PRIVACY.md): appended to, never changed. The triggers
-- refuse any UPDATE, DELETE or TRUNCATE, whoever issues it.
CREATE TABLE audit_log (
    seq      BIGSERIAL PRIMARY KEY,
    at       BIGINT  NOT NULL,     -- epoch milliseconds
    actor    TEXT    NOT NULL,     -- key:<id>, user:<name>, cli:<os user>, schedule
    origin   TEXT    NOT NULL,     -- the client's address, cli or server
    action   TEXT    NOT NULL,     -- lead.exported, lead.erased, key.created, model.published, …
    target   TEXT    NOT NULL,     -- what was acted on: a lead id, a key id, a model id, …
    detail   TEXT    NOT NULL      -- a JSON object of strings
);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
