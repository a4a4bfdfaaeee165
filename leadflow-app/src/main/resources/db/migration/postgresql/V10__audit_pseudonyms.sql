-- An erasure (docs/PRIVACY.md) renames the erased person's lead in the audit entries that named
-- it: the one change the log allows, and only to a pseudonym; every other change is refused.
CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor
       AND NEW.origin = OLD.origin AND NEW.action = OLD.action AND NEW.detail = OLD.detail
       AND (NEW.target LIKE 'erased:%' OR NEW.target LIKE 'anon:erased:%') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted';
END
$$;
