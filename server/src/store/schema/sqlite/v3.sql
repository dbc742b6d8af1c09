-- Version 3: the audit log, the figures reports need, and the full-text index.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    address TEXT NOT NULL DEFAULT '');

CREATE INDEX audit_log_by_time ON audit_log (ts_ms);

-- Set once each, in the write path (applyRoutingChange, appendMessage).
ALTER TABLE conversations ADD COLUMN first_assigned_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_response_ms INTEGER NOT NULL DEFAULT 0;

-- Backfilled from the stored history: the first "Assigned to …" or "… accepted the
-- conversation" event, and the first text message by staff.
UPDATE conversations SET first_assigned_ms = COALESCE((SELECT MIN(m.ts_ms)
    FROM messages m WHERE m.conversation_id = conversations.id
    AND m.kind = 'event' AND (m.text LIKE 'Assigned to %'
    OR m.text LIKE '% accepted the conversation')), 0);
UPDATE conversations SET first_response_ms = COALESCE((SELECT MIN(m.ts_ms)
    FROM messages m WHERE m.conversation_id = conversations.id
    AND m.kind = 'text' AND m.sender_role IN ('agent', 'supervisor')), 0);

-- Filters of search and reports on conversations.
CREATE INDEX conversations_by_created ON conversations (created_ms);
CREATE INDEX conversations_by_agent ON conversations (agent_id, created_ms);
CREATE INDEX conversations_by_team ON conversations (team, created_ms);

-- messages is WITHOUT ROWID, so the full-text index is keyed by a column of its own:
-- search_id, numbered in time order, set for text and note messages (NULL for events). The
-- index is contentless (the text lives only in messages); triggers keep it in step, so
-- deleting messages removes their entries.
ALTER TABLE messages ADD COLUMN search_id INTEGER;
CREATE UNIQUE INDEX messages_by_search_id ON messages (search_id);
CREATE VIRTUAL TABLE message_search USING fts5(text, content='',
    tokenize = 'unicode61 remove_diacritics 2');
UPDATE messages SET search_id = numbered.n FROM (SELECT conversation_id
    AS c, seq AS s, row_number() OVER (ORDER BY ts_ms, conversation_id, seq)
    AS n FROM messages WHERE kind IN ('text', 'note')) AS numbered
    WHERE messages.conversation_id = numbered.c AND messages.seq = numbered.s;
INSERT INTO message_search (rowid, text) SELECT search_id, text
    FROM messages WHERE search_id IS NOT NULL;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
WHEN new.search_id IS NOT NULL BEGIN
    INSERT INTO message_search (rowid, text) VALUES (new.search_id, new.text);
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
WHEN old.search_id IS NOT NULL BEGIN
    INSERT INTO message_search (message_search, rowid, text)
    VALUES ('delete', old.search_id, old.text);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF text, search_id ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text)
    SELECT 'delete', old.search_id, old.text WHERE old.search_id IS NOT NULL;
    INSERT INTO message_search (rowid, text)
    SELECT new.search_id, new.text WHERE new.search_id IS NOT NULL;
END;
