-- Version 7: why a conversation closed when nobody closed it by hand ("missed", "idle"), for
-- the reports' missed-chat counts.
ALTER TABLE conversations ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
