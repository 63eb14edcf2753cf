-- GET /timeline?deploymentId=: what one deployment's snapback (and a rollback of it) recorded — versions
-- released, statuses moved, people told or withdrawn — each event carrying after.deploymentId
-- (src/services/snapback.ts, settle-truth.ts). Found through this index, as an entity's events are
-- through timeline_entity, so a deployment of a year ago answers at once. Partial: only those events
-- (a few per deployment, one per person told) carry the key, the other events cost no entry.
create index timeline_deployment on timeline_events ((after ->> 'deploymentId'), id)
  where after ->> 'deploymentId' is not null;
