-- Version 2: the webhook outbox and the dead letters.

-- AUTOINCREMENT: a delivery id is never handed out twice, so a dead letter replayed under its
-- old id cannot collide with a newer event.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '');

CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_ms, id);

CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body BLOB NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    failed_ms INTEGER NOT NULL);
