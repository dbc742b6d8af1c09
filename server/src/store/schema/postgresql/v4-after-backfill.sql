-- Version 4, once search_id and search_text are filled in.
CREATE UNIQUE INDEX messages_by_search_id ON messages (search_id);
CREATE INDEX messages_search ON messages
    USING GIN (to_tsvector('simple', search_text)) WHERE search_id IS NOT NULL;
