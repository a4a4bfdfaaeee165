-- An erasure (docs/PRIVACY.md) renames the erased person's lead in the audit entries that named
-- it: the one change the log allows, and only to a pseudonym; every other change is refused.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.origin = OLD.origin
          AND NEW.action = OLD.action AND NEW.detail = OLD.detail
          AND (NEW.target LIKE 'erased:%' OR NEW.target LIKE 'anon:erased:%'))
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
