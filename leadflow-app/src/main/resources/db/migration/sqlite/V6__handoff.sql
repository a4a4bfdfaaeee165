-- The hand-off to sales (docs/HANDOFF.md). Written in the transaction of the records that caused
-- them, so the hand-off never runs ahead of, or behind, the stored history.
-- Every hand-off configuration ever in force; the journal names the version it switched to.
CREATE TABLE handoff_configs (
    version     INTEGER PRIMARY KEY,
    yaml        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,      -- epoch milliseconds
    created_by  TEXT    NOT NULL
);
-- What the hand-off desk was told, in order (an MQL, an accept, a touch, a move, a reassignment,
-- a new configuration, time passing): replayed on start, it gives the desk back exactly, with its
-- owners, round-robin turns, queues and clocks, and no timer fires twice.
CREATE TABLE handoff_journal (
    seq      INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,         -- epoch milliseconds
    body     TEXT    NOT NULL          -- the input, as JSON
);
-- What the desk did (assigned, queued, warned, breached, nurture entered, …): the lead's hand-off
-- timeline for the API, the reports and the dashboard.
CREATE TABLE handoff_events (
    seq      INTEGER PRIMARY KEY,
    lead_id  TEXT    NOT NULL,
    at       INTEGER NOT NULL,         -- epoch milliseconds
    type     TEXT    NOT NULL,         -- assigned, queued, unrouted, sla_warning, sla_breached, …
    body     TEXT    NOT NULL          -- the event, as JSON
);
CREATE INDEX handoff_events_lead ON handoff_events (lead_id, seq);
