-- Published scoring models, one row per version, and the one draft being edited.
CREATE TABLE model_versions (
    version      INTEGER PRIMARY KEY,           -- 1, 2, … in publishing order
    model_id     TEXT    NOT NULL UNIQUE,   -- name@version from the YAML: what every score records
    yaml         TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    published_by TEXT    NOT NULL
);
CREATE TABLE model_draft (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    yaml         TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT    NOT NULL
);
