-- Delivery retries for a span of time, not a count: a failed row is retried with backoff until
-- retry_until (set at its first failure: now + the worker's retry window, 24 h by default), then it is a
-- dead letter. max_attempts stays as a ceiling against a row that crashes every worker it reaches; it
-- must not end retries before the window does, so its default goes from 8 (about 20 minutes) to 100.
alter table outbox add column retry_until timestamptz;
alter table outbox alter column max_attempts set default 100;
update outbox set max_attempts = 100 where status in ('pending', 'sending') and max_attempts < 100;
