-- Failed sign-ins of one email are counted across every process (the timeline keeps them): the
-- per-address rate limit lives in each process's memory, this one in the database.
create index timeline_sign_in_failed on timeline_events (at) where verb = 'sign_in_failed';
