-- Cron Triggers: the last minute each schedule fired, so that it fires once per minute across
-- restarts (and across nodes sharing the database).
ALTER TABLE schedules ADD COLUMN last_run TEXT;
