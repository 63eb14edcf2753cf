import { type Resource, resources } from "./resources.js";

/**
 * SQL giving the loops that own a timeline event's entity (a uuid[]), from the resource registry's
 * owners: `alias` names the timeline_events row. Types the registry does not know (tokens, the outbox,
 * users) and entities since deleted are owned by no loop.
 */
export function eventOwnersSql(alias: string): string {
  const cases = Object.values(resources as Record<string, Resource>)
    .map((r) => {
      // Keys are uuids except environments' names: compare as text to never cast a bad id.
      const key = r.key === "id" ? `t.id = ${alias}.entity_id::uuid` : `t.${r.key} = ${alias}.entity_id`;
      return `when '${r.name}' then (select ${r.owners} from ${r.table} t where ${key})`;
    })
    .join(" ");
  return `coalesce(case ${alias}.entity_type ${cases} end, '{}'::uuid[])`;
}
