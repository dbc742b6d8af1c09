-- Version 1: accounts, tokens, customers, conversations and their messages. The database id
-- and creation time are written into meta by the store after this file.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    teams TEXT NOT NULL DEFAULT '[]',
    password_hash BLOB,
    created_ms INTEGER NOT NULL);

CREATE TABLE tokens (
    digest BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL) WITHOUT ROWID;

CREATE INDEX tokens_by_subject ON tokens (kind, subject_id);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    page TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL);

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    team TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    agent_id INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0,
    epoch TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    queued_since_ms INTEGER NOT NULL DEFAULT 0,
    closed_ms INTEGER NOT NULL DEFAULT 0,
    customer_delivered_seq INTEGER NOT NULL DEFAULT 0,
    customer_read_seq INTEGER NOT NULL DEFAULT 0,
    agent_delivered_seq INTEGER NOT NULL DEFAULT 0,
    agent_read_seq INTEGER NOT NULL DEFAULT 0);

-- Only open conversations are listed by queue order; closed ones pile up forever.
CREATE INDEX conversations_open ON conversations (queued_since_ms, created_ms)
    WHERE state <> 'closed';

CREATE INDEX conversations_by_customer ON conversations (customer_id, created_ms);

-- client_id is NULL for messages without one (system events): NULLs never collide.
CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq INTEGER NOT NULL,
    sender_key TEXT NOT NULL,
    sender_role TEXT NOT NULL,
    sender_name TEXT NOT NULL DEFAULT '',
    client_id TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    ts_ms INTEGER NOT NULL,
    trace_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, sender_key, client_id)) WITHOUT ROWID;
