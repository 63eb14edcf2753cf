/**
 * What a timeline event says, as readers see it. A `signal created` event is stored without its `after`
 * (the signal's row holds its title: a copy cost ~60 bytes a signal, docs/BENCHMARKS.md); it is read as
 * `{title}` from the signal, with `newContact: true` when the person was first seen with it: their
 * contact was made in the same transaction (the same `now()`; every signal of theirs in that request
 * says so). Such a person has no `contact created` event of their own. Events stored with an `after`
 * (every other event, and signals created before this) are read as they are.
 */
export function describedAfterSql(alias: string): string {
  return `case when ${alias}.after is null and ${alias}.entity_type = 'signal' and ${alias}.verb = 'created'
    then (select jsonb_build_object('title', s.title)
                 || case when c.created_at = s.created_at then '{"newContact": true}'::jsonb else '{}'::jsonb end
            from signals s left join contacts c on c.id = s.contact_id where s.id = ${alias}.entity_id::uuid)
    else ${alias}.after end`;
}
