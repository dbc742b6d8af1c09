-- Version 4: the full-text index leaves the write path. Messages are indexed in batches after
-- they commit (catchUpSearchIndex), up to the search_id that meta's 'search_indexed_through'
-- names; the triggers that remain touch the index only for messages it already holds, since
-- a contentless FTS5 table must be told a deleted row's exact text.
DROP TRIGGER messages_search_insert;
DROP TRIGGER messages_search_delete;
DROP TRIGGER messages_search_update;

INSERT INTO meta (key, value) SELECT 'search_indexed_through',
    COALESCE(MAX(search_id), 0) FROM messages;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
WHEN old.search_id <= (SELECT CAST(value AS INTEGER) FROM meta
    WHERE key = 'search_indexed_through') BEGIN
    INSERT INTO message_search (message_search, rowid, text)
    VALUES ('delete', old.search_id, old.text);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF text, search_id ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text)
    SELECT 'delete', old.search_id, old.text WHERE old.search_id <= (SELECT CAST(value
        AS INTEGER) FROM meta WHERE key = 'search_indexed_through');
    INSERT INTO message_search (rowid, text)
    SELECT new.search_id, new.text WHERE new.search_id <= (SELECT CAST(value
        AS INTEGER) FROM meta WHERE key = 'search_indexed_through');
END;
