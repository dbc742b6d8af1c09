-- Version 4: what search matches. search_text is the text folded as SearchTerms folds the
-- words of a query (case, diacritics), which PostgreSQL's 'simple' configuration cannot do by
-- itself; search_id numbers text and notes in the order they were stored, newest highest. The
-- store fills both in for the stored messages after this file (its backfill, in C++), then
-- v4-after-backfill.sql indexes them.
ALTER TABLE messages ADD COLUMN search_id BIGINT, ADD COLUMN search_text TEXT;
CREATE SEQUENCE message_search_ids;
DROP INDEX messages_search;
