import type { Db } from "../src/db/connect.js";
import { newId } from "../src/db/ids.js";
import { log, now, round, since } from "./report.js";
import {
  contexts,
  errorCodes,
  features,
  type PatternWords,
  patternText,
  patternWords,
  problems,
  versions,
} from "./scale-text.js";

/** What the scale benchmark's loop holds once seeded. */
export interface ScaleData {
  signals: number;
  patterns: number;
  contacts: number;
  loopIds: string[];
  channelIds: string[];
  patternIds: string[];
  words: PatternWords[];
  /** Seconds each step of the seed took. */
  seedSeconds: Record<string, number>;
}

const loops = 4;
const channelsPerLoop = 3;
/** Share of the seeded signals attached to a pattern; the rest wait in triage. */
const attachedShare = 0.75;
const dayMs = 86_400_000;

// A time-ordered id (UUIDv7, as loopwork_uuid() and src/db/ids.ts make them) for the time `at`.
const idAt = (at: string) =>
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
     placing substring(int8send(floor(extract(epoch from ${at}) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * Seeds `signals` signals (a year of them, oldest first), `signals / 20` patterns over 4 loops of 3
 * channels each, and `signals / 5` contacts, with set-based SQL. Three in four signals are about a
 * pattern, chosen Zipf-like (the first patterns get tens of thousands, most a handful or none) and
 * written from its words; the rest are other combinations of the same vocabulary. The GIN indexes are
 * built once after the rows (as a restore does), then everything is vacuumed and analysed.
 */
export async function seedScale(db: Db, signals: number): Promise<ScaleData> {
  const seedSeconds: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const start = now();
    await fn();
    seedSeconds[name] = round(since(start) / 1000);
    log(`${db.driver} scale seed: ${name} in ${seedSeconds[name]} s`);
  };
  const patterns = Math.max(10, Math.round(signals / 20));
  const contacts = Math.max(10, Math.round(signals / 5));
  const label = `scale-${Date.now().toString(36)}`;
  const loopIds: string[] = [];
  const channelIds: string[] = [];
  for (let l = 0; l < loops; l++) {
    const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ($1, $1) returning id", [
      `${label}-${l}`,
    ]);
    if (!loop) throw new Error("no loop");
    loopIds.push(loop.id);
    for (let c = 0; c < channelsPerLoop; c++) {
      const [channel] = await db.query<{ id: string }>(
        "insert into channels (loop_id, slug, name, kind) values ($1, $2, $2, $3) returning id",
        [loop.id, `${label}-${l}-${c}`, ["email", "forum", "widget"][c]],
      );
      if (!channel) throw new Error("no channel");
      channelIds.push(channel.id);
    }
  }
  // Built after the rows: one index build is far cheaper than a million GIN insertions.
  await db.exec("drop index signals_search, contacts_search, patterns_search, patterns_title_trgm");
  const words = patternWords(patterns);
  const start = Date.now() - 400 * dayMs;
  const patternIds = words.map((_, p) => newId(start + Math.floor((p / patterns) * 30 * dayMs)));
  await step("patterns", async () => {
    await db.exec(`create table bench_scale_words (p int primary key, pattern_id uuid not null, feature text not null,
      other text not null, problem text not null, context text not null, code text)`);
    for (let from = 0; from < patterns; from += 10_000) {
      const slice = words.slice(from, from + 10_000);
      await db.query(
        `insert into bench_scale_words select * from unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [
          slice.map((_, i) => from + i),
          patternIds.slice(from, from + 10_000),
          slice.map((w) => w.feature),
          slice.map((w) => w.other),
          slice.map((w) => w.problem),
          slice.map((w) => w.context),
          slice.map((w) => w.code),
        ],
      );
      const texts = slice.map(patternText);
      await db.query(
        `insert into patterns (id, loop_id, title, description, created_at)
         select x.id, ($4::uuid[])[1 + x.p % ${loops}], x.title, x.description, now() - interval '400 days'
           from unnest($1::uuid[], $2::text[], $3::text[], $5::int[]) as x(id, title, description, p)`,
        [
          patternIds.slice(from, from + 10_000),
          texts.map((t) => t.title),
          texts.map((t) => t.description),
          loopIds,
          slice.map((_, i) => from + i),
        ],
      );
    }
  });
  await step("contacts", () =>
    db.query(
      `insert into contacts (id, name, email, created_at)
       select md5('scale-contact-' || c)::uuid, 'Person ' || c, 'person' || c || '@customer' || (c % 997) || '.example.com',
              now() - interval '400 days'
         from generate_series(0, $1::int - 1) c`,
      [contacts],
    ),
  );
  // Triggers and foreign-key checks off (a restore's way): the aggregates are computed once afterwards,
  // as migrations 0012 and 0021 compute them for the patterns a database already holds.
  await step("signals", () =>
    db.transaction(async (tx) => {
      await tx.query("set local session_replication_role = replica");
      const chunk = db.driver === "postgres" ? 100_000 : 20_000;
      for (let from = 0; from < signals; from += chunk) {
        await tx.query(seedSignalsSql, [
          from,
          Math.min(signals, from + chunk) - 1,
          signals,
          patterns,
          attachedShare,
          contacts,
          channelIds,
          features,
          problems,
          contexts,
          errorCodes,
          versions,
        ]);
      }
    }),
  );
  await step("aggregates", async () => {
    await db.exec("analyze signals, signal_patterns, contacts");
    await db.exec(aggregatesSql);
  });
  await step("indexes", async () => {
    if (db.driver === "postgres") await db.exec("set maintenance_work_mem = '256MB'");
    await db.exec(`create index signals_search on signals using gin (loopwork_document(title, body)) with (fastupdate = off);
      create index patterns_search on patterns using gin (loopwork_document(title, description)) with (fastupdate = off);
      create index patterns_title_trgm on patterns using gin (title gin_trgm_ops) with (fastupdate = off);
      create index contacts_search on contacts using gin (loopwork_contact_document(name, email, account))`);
  });
  await step("vacuum", () => db.exec("vacuum analyze"));
  return { signals, patterns, contacts, loopIds, channelIds, patternIds, words, seedSeconds };
}

// $1..$2 the signals' numbers, $3 all of them, $4 patterns, $5 the attached share, $6 contacts,
// $7 channels (loop-major), $8.. the vocabulary. A report about pattern p comes from a channel of p's loop.
const seedSignalsSql = `
with drawn as materialized (
  select g, now() - (($3::int - g)::float8 / $3::int) * interval '365 days' as at,
         case when random() < $5::float8 then least($4::int - 1, floor(exp(random() * ln($4::int + 1)))::int - 1) end as p,
         floor(random() * random() * $6::int)::int as contact, random() as r
    from generate_series($1::int, $2::int) g
), written as materialized (
  select ${idAt("d.at")} as id, d.at, w.pattern_id,
         ($7::uuid[])[1 + coalesce(d.p % ${loops}, floor(random() * ${loops})::int) * ${channelsPerLoop}
                        + floor(random() * ${channelsPerLoop})::int] as channel_id,
         md5('scale-contact-' || d.contact)::uuid as contact_id,
         (array['low', 'normal', 'normal', 'normal', 'high', 'critical'])[1 + floor(random() * 6)::int] as urgency,
         coalesce(w.feature, ($8::text[])[1 + floor(random() * cardinality($8::text[]))::int]) as feature,
         coalesce(w.other, ($8::text[])[1 + floor(random() * cardinality($8::text[]))::int]) as other,
         coalesce(w.problem, ($9::text[])[1 + floor(random() * cardinality($9::text[]))::int]) as problem,
         coalesce(w.context, ($10::text[])[1 + floor(random() * cardinality($10::text[]))::int]) as context,
         case when w.p is not null then w.code
              when random() < 0.4 then ($11::text[])[1 + floor(random() * cardinality($11::text[]))::int] end as code,
         ($12::text[])[1 + floor(random() * cardinality($12::text[]))::int] as version,
         ($8::text[])[1 + floor(random() * cardinality($8::text[]))::int] as extra, d.r
    from drawn d left join bench_scale_words w on w.p = d.p
), stored as (
  insert into signals (id, channel_id, contact_id, title, body, urgency, received_at, created_at)
  select id, channel_id, contact_id,
         case when r < 0.5 then feature || ' ' || other || ' ' || problem else other || ' ' || problem || ' ' || context end,
         'Hi, since version ' || version || ' the ' || feature || ' ' || other || ' ' || problem || ' ' || context || '.'
           || coalesce(' I get ' || code || ' every time.', '') || ' It also happened with the ' || extra || '. Please help.',
         urgency, at, at
    from written
)
insert into signal_patterns (signal_id, pattern_id, attached_by, score, attached_at)
select id, pattern_id, 'system:seed', 1, at from written where pattern_id is not null`;

// The seeded patterns' kept aggregates and tallies from their signals: migration 0012's and 0021's
// backfill. Only theirs: the run's earlier benchmarks share the database, and their patterns' tallies
// are kept by the triggers already (counting them again was a duplicate key in pattern_channels).
const aggregatesSql = `
create temporary table bench_scale_attached as
select sp.pattern_id, s.kind, s.urgency, s.received_at, s.channel_id, s.contact_id
  from signal_patterns sp join signals s on s.id = sp.signal_id
 where sp.pattern_id in (select pattern_id from bench_scale_words);
with counts as (
  select a.pattern_id, count(*)::int as signals,
         count(*) filter (where a.kind = 'report' and a.urgency = 'low')::int as low,
         count(*) filter (where a.kind = 'report' and a.urgency = 'normal')::int as normal,
         count(*) filter (where a.kind = 'report' and a.urgency = 'high')::int as high,
         count(*) filter (where a.kind = 'report' and a.urgency = 'critical')::int as critical,
         max(a.received_at) filter (where a.kind = 'report') as last_at
    from bench_scale_attached a group by a.pattern_id
), reach as (
  select x.pattern_id, sum(c.weight)::float8 as reach
    from (select distinct a.pattern_id, a.contact_id from bench_scale_attached a where a.kind = 'report') x
    join contacts c on c.id = x.contact_id group by x.pattern_id
)
update patterns p
   set signal_count = x.signals, report_low = x.low, report_normal = x.normal, report_high = x.high,
       report_critical = x.critical, reach = coalesce(r.reach, 0), last_signal_at = x.last_at
  from counts x left join reach r on r.pattern_id = x.pattern_id where p.id = x.pattern_id;
insert into pattern_channels (pattern_id, channel_id, reports)
select a.pattern_id, a.channel_id, count(*) from bench_scale_attached a where a.kind = 'report' group by 1, 2;
insert into pattern_days (pattern_id, day, reports)
select a.pattern_id, (a.received_at at time zone 'UTC')::date, count(*) from bench_scale_attached a
 where a.kind = 'report' and a.received_at > now() - interval '36 days' group by 1, 2;
update patterns p
   set momentum = m.factor, emerging_since = case when m.emerging then now() end,
       priority = round((loopwork_priority(p.report_low, p.report_normal, p.report_high, p.report_critical, p.reach,
                                           p.last_signal_at, now()) * m.factor)::numeric, 3),
       priority_refreshed_at = now()
  from patterns q cross join lateral loopwork_pattern_momentum(q.id, now()) m
 where p.id = q.id and p.signal_count > 0 and q.id in (select pattern_id from bench_scale_words);
drop table bench_scale_words, bench_scale_attached`;
