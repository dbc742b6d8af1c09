-- Version 9: attachments (files uploaded over HTTP, POST /attachments). The bytes live in the
-- database, so every node of a cluster serves them; each is referenced by the message of kind
-- 'attachment' stored in the same transaction. Deleted with its conversation (retention).
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    uploader_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    thumbnail BYTEA,
    content BYTEA NOT NULL,
    created_ms BIGINT NOT NULL);
CREATE INDEX attachments_by_conversation ON attachments (conversation_id);
