-- Notifications by pattern, withdrawn ones included, newest first: the trace of a pattern (and of
-- everything before it) and GET /notifications?patternId= read them so. The indexes of 0008 are partial
-- (not withdrawn) and cannot serve them: without this, both scanned every notification.
create index notifications_pattern_all on notifications (pattern_id, id);
