-- What a pattern's people were told of, and why it is open (docs/API.md "Snapback and deployment truth").
-- fix_improvement_ids: the improvements that were completed when it was last addressed — the fix its
-- people were told of. A rollback that takes one of them back withdraws a person's notification only
-- where that fix no longer runs for them, even when the pattern reopens because another product lost it.
-- reopened_by_rollback: it is open because its fix stopped running somewhere; the same fix running again
-- addresses it again, in the same generation (people who kept their notification are not told twice).
-- Reopened any other way (a "still broken" answer, a regression, by hand) it is disputed: it waits for
-- new work, an improvement outside fix_improvement_ids completing.
alter table patterns
  add column fix_improvement_ids uuid[] not null default '{}',
  add column reopened_by_rollback boolean not null default false;

-- Patterns addressed before: their improvements completed now (or taken back by a rollback since:
-- in progress with work that was merged), the best reading of what their people were told of.
update patterns p set fix_improvement_ids = array(
    select ip.improvement_id from improvement_patterns ip join improvements i on i.id = ip.improvement_id
     where ip.pattern_id = p.id
       and (i.status = 'completed' or (i.status = 'in_progress' and exists (
             select 1 from issues s join pull_request_issues pri on pri.issue_id = s.id
               join pull_requests pr on pr.id = pri.pull_request_id
              where s.improvement_id = i.id and pr.status in ('merged', 'shipped')))))
 where p.generation > 0;

-- Open patterns whose last reopening was a rollback.
update patterns p set reopened_by_rollback = true
 where p.status = 'open' and p.generation > 0
   and (select e.after ->> 'reason' from timeline_events e
         where e.entity_type = 'pattern' and e.entity_id = p.id::text and e.verb = 'reopen'
         order by e.id desc limit 1) = 'rolled_back';
