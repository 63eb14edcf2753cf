import type { Queryable } from "../db/connect.js";
import { describedAfterSql } from "../services/timeline-description.js";
import { timelineLabels } from "../services/timeline-labels.js";
import { versionProducts } from "../services/version-products.js";

/** A timeline event as an event webhook carries it. */
export interface EventRecord {
  id: string;
  at: Date;
  actor: string;
  entityType: string;
  entityId: string;
  verb: string;
  before: unknown;
  after: unknown;
}

/** The timeline event a delivery is about, or undefined when it does not exist. */
export async function loadEvent(db: Queryable, id: number): Promise<EventRecord | undefined> {
  const [row] = await db.query<EventRecord>(
    `select id::text, at, actor, entity_type as "entityType", entity_id as "entityId", verb, before,
            ${describedAfterSql("t")} as after
       from timeline_events t where id = $1`,
    [id],
  );
  return row;
}

/**
 * What people call the event's entity as it is when delivered (the timeline's `label`: a title, a name,
 * `web@2.4.0`), or null when it has none or is gone — as `GET /timeline` gives it.
 */
export async function eventLabel(db: Queryable, event: EventRecord): Promise<string | null> {
  return (await timelineLabels(db, [event])).get(`${event.entityType}:${event.entityId}`) ?? null;
}

const one = async (db: Queryable, sql: string, id: string) => (await db.query<Record<string, unknown>>(sql, [id]))[0];

/**
 * What a receiver needs besides the event to act without calling back: the entity and the things it
 * belongs to, by id and by name. Read when delivered (names may have changed since the event); null
 * when the entity is gone. loopId is the subscription's: another loop's products stay out.
 */
export async function eventData(db: Queryable, event: EventRecord, loopId: string | null): Promise<unknown> {
  const id = event.entityId;
  switch (event.entityType) {
    case "version": {
      const found = await versionProducts(db, id, loopId ?? undefined).catch(() => undefined);
      return found ? { version: found.version, products: found.products } : null;
    }
    case "release": {
      const release = await one(
        db,
        `select json_build_object('id', r.id, 'name', r.name, 'createdAt', r.created_at) as release,
                json_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'loopId', p.loop_id) as product,
                coalesce((select json_agg(json_build_object('id', v.id, 'name', v.name, 'componentId', c.id,
                                                            'componentSlug', c.slug) order by c.slug)
                            from release_versions rv join versions v on v.id = rv.version_id
                            join components c on c.id = v.component_id where rv.release_id = r.id), '[]') as versions
           from releases r join products p on p.id = r.product_id where r.id = $1`,
        id,
      );
      return release ?? null;
    }
    case "deployment":
      return (
        (await one(
          db,
          `select json_build_object('id', d.id, 'environment', d.environment, 'production', e.production,
                                    'status', d.status, 'externalId', d.external_id, 'finishedAt', d.finished_at)
                    as deployment,
                  json_build_object('id', r.id, 'name', r.name) as release,
                  json_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'loopId', p.loop_id) as product
             from deployments d join environments e on e.name = d.environment
             join releases r on r.id = d.release_id join products p on p.id = r.product_id
            where d.id = $1`,
          id,
        )) ?? null
      );
    case "pattern":
      return (
        (await one(
          db,
          `select json_build_object('id', id, 'title', title, 'status', status, 'generation', generation,
                                    'loopId', loop_id) as pattern
             from patterns where id = $1`,
          id,
        )) ?? null
      );
    case "improvement":
      return (
        (await one(
          db,
          `select json_build_object('id', i.id, 'title', i.title, 'status', i.status, 'loopId', i.loop_id,
                   'productIds', array(select product_id from improvement_products where improvement_id = i.id),
                   'patternIds', array(select pattern_id from improvement_patterns where improvement_id = i.id))
                    as improvement
             from improvements i where i.id = $1`,
          id,
        )) ?? null
      );
    case "signal":
      return (
        (await one(
          db,
          `select json_build_object('id', s.id, 'title', s.title, 'kind', s.kind, 'urgency', s.urgency,
                                    'productVersion', s.product_version, 'receivedAt', s.received_at) as signal,
                  json_build_object('id', c.id, 'slug', c.slug, 'kind', c.kind, 'loopId', c.loop_id) as channel
             from signals s join channels c on c.id = s.channel_id where s.id = $1`,
          id,
        )) ?? null
      );
    default:
      return null;
  }
}
