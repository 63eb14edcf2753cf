import { eventTypeNames, eventTypes } from "../core/event-types.js";
import { type Resource, resources } from "./resources.js";

/**
 * SQL that turns the timeline events of the current transaction into outbox rows (kind 'event'), one
 * per subscription that asked for their type and may see them: a loop's subscription sees the events
 * of what its loop owns (the same owners that decide who may change it: a version belongs to the loops
 * of every product built from its component), an installation-wide one (no loop) sees everything.
 *
 * Services know nothing of subscriptions: inTransaction runs this once, just before commit, over every
 * event the transaction wrote — recorded ones and those written by SQL alike (create-signals, which is
 * one statement outside inTransaction, includes it in that statement). `events` must be a CTE
 * (id, entity_type, entity_id, verb, after) defined before these; the CTE `queued` returns the rows queued.
 */
export function queueEventDeliveriesSql(): string {
  return `matched as (
    select e.id, e.entity_type, e.entity_id, e.after, m.type
      from events e
      join (values ${typeRows}) as m(entity_type, verb, type) on m.entity_type = e.entity_type and m.verb = e.verb
     -- Most installations subscribe nothing: then this is one look at an empty table.
     where exists (select 1 from webhook_subscriptions)
  ), queued as (
    insert into outbox (kind, idempotency_key, payload)
    select 'event', 'event:' || s.id || ':' || m.id,
           jsonb_build_object('subscriptionId', s.id, 'eventId', m.id, 'type', m.type)
      from matched m
      join webhook_subscriptions s on m.type = any(s.event_types)
     where s.loop_id is null or s.loop_id = any(case m.entity_type ${ownerCases} end)
     order by m.id, s.id
    on conflict (idempotency_key) do nothing
    returning id
  )`;
}

const typeRows = eventTypeNames
  .map((name) => `('${eventTypes[name].entityType}', '${eventTypes[name].verb}', '${name}')`)
  .join(", ");

// HAZARD: a statement does not see the rows its own CTEs write, and create-signals inserts a signal and
// its event in one statement: looked up by id, such a signal has no owners. Its event names its
// channel, whose loop owns it (record-answer's too); an event that does not is looked up.
const fromEvent: Record<string, { when: string; owners: string }> = {
  signal: {
    when: "m.after ? 'channelId'",
    owners: "array(select c.loop_id from channels c where c.id = (m.after->>'channelId')::uuid)",
  },
};

// The loops that own the entity of an event, per entity type: the resource registry's owners.
const ownerCases = [...new Set(eventTypeNames.map((name) => eventTypes[name].entityType))]
  .map((entityType) => {
    const r = (resources as Record<string, Resource>)[entityType];
    if (!r) throw new Error(`No resource ${entityType} for event types.`);
    const lookedUp = `(select ${r.owners} from ${r.table} t where t.${r.key} = m.entity_id::uuid)`;
    const given = fromEvent[entityType];
    return `when '${entityType}' then ${given ? `case when ${given.when} then ${given.owners} else ${lookedUp} end` : lookedUp}`;
  })
  .join(" ");
