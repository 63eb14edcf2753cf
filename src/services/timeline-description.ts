/**
 * What a timeline event says, as readers see it. A `signal created` event is stored without its `after`
 * (the signal's row holds its title: a copy cost ~60 bytes a signal, docs/BENCHMARKS.md); it is read as
 * `{title}` from the signal, the description the API documents. Events stored with an `after` (every
 * other event, and signals created before this) are read as they are.
 */
export function describedAfterSql(alias: string): string {
  return `case when ${alias}.entity_type = 'signal' and ${alias}.verb = 'created' and (${alias}.after is null or not ${alias}.after ? 'title')
    then (select jsonb_build_object('title', s.title) from signals s where s.id::text = ${alias}.entity_id)
         || coalesce(${alias}.after, '{}'::jsonb)
    else ${alias}.after end`;
}
