-- When a delivery's last_error was written: the time of the failed attempt, which channel health shows
-- (it showed next_attempt_at, the time of the retry, in the future). Rows that failed before this
-- migration have none; health shows their creation time instead.
alter table outbox add column last_error_at timestamptz;
