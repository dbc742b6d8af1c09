-- Version 5: whether new conversations are assigned to an account by themselves. Agents
-- always were; supervisors were not, and stay so until they choose it.
ALTER TABLE users ADD COLUMN receives_chats INTEGER NOT NULL DEFAULT 1;
UPDATE users SET receives_chats = 0 WHERE role = 'supervisor';
