-- The webhook outbox: a notice to send is a row, written in the same transaction as the change it
-- tells of (so nothing is sent for a change that did not commit, and nothing lost on a crash), then
-- delivered at least once, with retries, by the deliverer. Each attempt is logged.
CREATE TABLE webhook_outbox (
    id               TEXT    PRIMARY KEY,     -- the delivery id, sent as Leadflow-Delivery for receivers to dedupe
    webhook          TEXT    NOT NULL,        -- the subscription's name in the hand-off configuration
    notice           TEXT    NOT NULL,        -- stage_changed, assigned, sla_warning, …
    lead_id          TEXT,
    body             TEXT    NOT NULL,        -- the JSON payload, signed and sent as is
    created_at       BIGINT  NOT NULL,        -- epoch milliseconds
    state            TEXT    NOT NULL,        -- pending, delivered or dead
    attempts         BIGINT  NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,        -- when a pending delivery is tried next
    first_attempt_at BIGINT,
    delivered_at     BIGINT,
    last_error       TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
CREATE TABLE webhook_attempts (
    delivery_id  TEXT    NOT NULL,
    attempt      BIGINT  NOT NULL,
    at           BIGINT  NOT NULL,
    status       BIGINT,                      -- the receiver's HTTP status; null when there was no answer
    error        TEXT,
    millis       BIGINT  NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
