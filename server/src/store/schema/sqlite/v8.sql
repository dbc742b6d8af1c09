-- Version 8: customer satisfaction (CSAT). At most one rating per conversation, given by its
-- customer after it closed; first_rated_ms starts the window in which a new rating replaces
-- it, rated_ms is when the stored one was given. Deleted with its conversation (retention).
CREATE TABLE conversation_ratings (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    first_rated_ms INTEGER NOT NULL,
    rated_ms INTEGER NOT NULL);
