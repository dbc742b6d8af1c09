-- Version 6, once search_cjk is filled in: the index is rebuilt with both columns for what it
-- held; the writer adds the rest.
DROP TRIGGER messages_search_delete;
DROP TRIGGER messages_search_update;
DROP TABLE message_search;

CREATE VIRTUAL TABLE message_search USING fts5(text, cjk, content='',
    tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO message_search (rowid, text, cjk) SELECT search_id, text, search_cjk
    FROM messages WHERE search_id <= (SELECT CAST(value AS INTEGER) FROM meta
    WHERE key = 'search_indexed_through');

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
WHEN old.search_id <= (SELECT CAST(value AS INTEGER) FROM meta
    WHERE key = 'search_indexed_through') BEGIN
    INSERT INTO message_search (message_search, rowid, text, cjk)
    VALUES ('delete', old.search_id, old.text, old.search_cjk);
END;

-- A text changed by hand (nothing in Switchboard rewrites one) cannot have its bigrams
-- computed here: it is indexed without them, and the next trigger clears the column to match,
-- so a deletion later still tells the index what it holds.
CREATE TRIGGER messages_search_update AFTER UPDATE OF text, search_id ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text, cjk)
    SELECT 'delete', old.search_id, old.text, old.search_cjk
    WHERE old.search_id <= (SELECT CAST(value AS INTEGER) FROM meta
        WHERE key = 'search_indexed_through');
    INSERT INTO message_search (rowid, text, cjk)
    SELECT new.search_id, new.text, CASE WHEN new.text IS old.text THEN new.search_cjk END
    WHERE new.search_id <= (SELECT CAST(value AS INTEGER) FROM meta
        WHERE key = 'search_indexed_through');
END;

CREATE TRIGGER messages_search_cjk_stale AFTER UPDATE OF text ON messages
WHEN new.text IS NOT old.text AND new.search_cjk IS NOT NULL BEGIN
    UPDATE messages SET search_cjk = NULL
    WHERE conversation_id = new.conversation_id AND seq = new.seq;
END;
