-- Trained predictive artifacts (docs/PREDICTIVE.md), versioned per model: the server applies the
-- latest one of the model in force. The artifact is its JSON (leadflow.predictor/1).
CREATE TABLE predictors (
    version      INTEGER PRIMARY KEY,       -- 1, 2, … in training order, over all models
    model_id     TEXT    NOT NULL,          -- name@version of the model it was trained for
    artifact     TEXT    NOT NULL,
    trained_at   INTEGER NOT NULL,
    trained_by   TEXT    NOT NULL
);
CREATE INDEX predictors_by_model ON predictors (model_id, version);
