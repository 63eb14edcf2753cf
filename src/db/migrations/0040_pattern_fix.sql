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

-- Patterns addressed before: the improvements completed (a 'complete' event) before the pattern was
-- last addressed, still completed or taken back by a rollback since — what their people were told of.
-- Work completed since, or merged and never shipped, is not part of it. No 'address' event (addressed
-- before the timeline said so): the improvements completed now.
update patterns p set fix_improvement_ids = array(
    select ip.improvement_id from improvement_patterns ip join improvements i on i.id = ip.improvement_id
     where ip.pattern_id = p.id
       and case when a.id is null then i.status = 'completed'
           else i.status in ('completed', 'in_progress') and exists (
             select 1 from timeline_events c
              where hashtext(c.entity_id) = hashtext(i.id::text) and c.entity_id = i.id::text
                and c.entity_type = 'improvement' and c.verb = 'complete' and c.id < a.id) end
     order by ip.improvement_id)
  from patterns q left join lateral (
    select e.id from timeline_events e
     where hashtext(e.entity_id) = hashtext(q.id::text) and e.entity_id = q.id::text
       and e.entity_type = 'pattern' and e.verb = 'address'
     order by e.id desc limit 1) a on true
 where q.id = p.id and p.generation > 0;

-- Open patterns whose last reopening was snapback's (a deployment, a rollback, a settling): a rollback or
-- an older release took the fix back. Not an answer, a regression or a reopening by hand.
update patterns p set reopened_by_rollback = true
 where p.status = 'open' and p.generation > 0
   and (select e.after ->> 'reason' from timeline_events e
         where hashtext(e.entity_id) = hashtext(p.id::text) and e.entity_id = p.id::text
           and e.entity_type = 'pattern' and e.verb = 'reopen'
         order by e.id desc limit 1) in ('deployed', 'rolled_back', 'settled', 'late_signal');
