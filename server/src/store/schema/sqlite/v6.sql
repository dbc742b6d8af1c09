-- Version 6: Chinese, Japanese and Korean words inside sentences. messages.search_cjk holds
-- CjkBigrams::indexText() of the text (NULL without CJK), computed in C++ when a message is
-- stored; the store fills it in for the stored messages after this file (its backfill), and
-- v6-after-backfill.sql rebuilds the index with a second column for it. The column is stored,
-- not computed by a function inside the triggers, so any connection to the file (the history
-- thread's, a maintenance shell's) deletes from the index exactly what was added.
ALTER TABLE messages ADD COLUMN search_cjk TEXT;
