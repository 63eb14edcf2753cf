import type { Db } from "../src/db/connect.js";

/** The graph one production deployment answers: the brief's sizes divided by scaleDown. */
export interface SnapbackGraph {
  label: string;
  deploymentId: string;
  productId: string;
  improvements: number;
  issues: number;
  patterns: number;
  signals: number;
  components: number;
}

/** Ids of the seeded graph that the trace benchmark starts from. */
export interface SnapbackIds {
  signalIds: string[];
  improvementIds: string[];
}

const issuesPerImprovement = 10;
const signalsPerPattern = 200;
const components = 2;

/**
 * Seeds, with set-based SQL in one transaction, a release of one product made of `components` component
 * versions that contain one merged pull request per issue; each improvement has 10 issues and targets
 * the product; each pattern has one improvement and 200 signals, each from its own contact (with an
 * email). The deployment is running in production: its success is what the benchmark times.
 */
export async function seedSnapbackGraph(db: Db, scaleDown: number): Promise<SnapbackGraph & SnapbackIds> {
  const improvements = Math.max(1, Math.round(100 / scaleDown));
  const issues = improvements * issuesPerImprovement;
  const signals = improvements * signalsPerPattern;
  const label = `bench-snapback-${Date.now().toString(36)}`;
  // Numbers and the label are ours, so they are written into the script: a multi-statement script
  // runs on the simple protocol, which takes no parameters.
  const script = `
    create temp table b_one on commit drop as
      select loopwork_uuid() as loop_id, loopwork_uuid() as product_id, loopwork_uuid() as channel_id,
             loopwork_uuid() as release_id, loopwork_uuid() as deployment_id;
    insert into loops (id, slug, name) select loop_id, '${label}', '${label}' from b_one;
    insert into products (id, loop_id, slug, name) select product_id, loop_id, '${label}-app', 'App' from b_one;
    insert into channels (id, loop_id, slug, name, kind)
      select channel_id, loop_id, '${label}-support', 'Support', 'email' from b_one;

    create temp table b_component on commit drop as
      select g, loopwork_uuid() as id, loopwork_uuid() as version_id from generate_series(0, ${components - 1}) g;
    insert into components (id, slug, name) select id, '${label}-c' || g, 'Component ' || g from b_component;
    insert into product_components select o.product_id, c.id from b_one o, b_component c;
    insert into versions (id, component_id, name) select version_id, id, '2.0.0' from b_component;
    insert into releases (id, product_id, name) select release_id, product_id, '2025.11.1' from b_one;
    insert into release_versions select o.release_id, c.version_id from b_one o, b_component c;
    insert into deployments (id, release_id, environment, status)
      select deployment_id, release_id, 'production', 'running' from b_one;

    create temp table b_improvement on commit drop as
      select g, loopwork_uuid() as id, loopwork_uuid() as pattern_id from generate_series(0, ${improvements - 1}) g;
    insert into patterns (id, loop_id, title, priority)
      select i.pattern_id, o.loop_id, '${label} pattern ' || i.g, 1 from b_improvement i, b_one o;
    insert into improvements (id, loop_id, title, status)
      select i.id, o.loop_id, '${label} improvement ' || i.g, 'in_progress' from b_improvement i, b_one o;
    insert into improvement_products select i.id, o.product_id from b_improvement i, b_one o;
    insert into improvement_patterns select id, pattern_id from b_improvement;

    create temp table b_issue on commit drop as
      select g, loopwork_uuid() as id, loopwork_uuid() as pull_request_id from generate_series(0, ${issues - 1}) g;
    insert into issues (id, component_id, improvement_id, number, title)
      select s.id, c.id, i.id, s.g + 1, '${label} issue ' || s.g
        from b_issue s join b_improvement i on i.g = s.g / ${issuesPerImprovement} join b_component c on c.g = s.g % ${components};
    insert into pull_requests (id, component_id, number, title, status, merged_at)
      select s.pull_request_id, c.id, s.g + 100001, 'Fix ' || s.g, 'merged', now() - interval '1 day'
        from b_issue s join b_component c on c.g = s.g % ${components};
    insert into pull_request_issues select pull_request_id, id from b_issue;
    insert into version_pull_requests
      select c.version_id, s.pull_request_id from b_issue s join b_component c on c.g = s.g % ${components};

    create temp table b_signal on commit drop as
      select g, loopwork_uuid() as id, loopwork_uuid() as contact_id from generate_series(0, ${signals - 1}) g;
    insert into contacts (id, name, email)
      select contact_id, 'Person ' || g, 'person' || g || '@${label}.example.com' from b_signal;
    insert into signals (id, channel_id, contact_id, title, body, urgency, received_at, thread_ref)
      select s.id, o.channel_id, s.contact_id, 'Export drops the last row (' || s.g || ')', 'It happens every time.',
             (array['low', 'normal', 'normal', 'high'])[1 + s.g % 4], now() - (s.g % 5000) * interval '1 minute',
             '<${label}-' || s.g || '@mail.example.com>'
        from b_signal s, b_one o;
    insert into signal_patterns (signal_id, pattern_id, attached_by)
      select s.id, i.pattern_id, 'system:bench' from b_signal s join b_improvement i on i.g = s.g / ${signalsPerPattern};`;
  const seeded = await db.transaction(async (tx) => {
    await tx.exec(script);
    const [one] = await tx.query<{ deployment_id: string; product_id: string }>(
      "select deployment_id, product_id from b_one",
    );
    const improvementIds = (await tx.query<{ id: string }>("select id from b_improvement order by g")).map(
      (row) => row.id,
    );
    const signalIds = (await tx.query<{ id: string }>("select id from b_signal order by g")).map((row) => row.id);
    if (!one) throw new Error("the snapback seed made no deployment");
    return { deploymentId: one.deployment_id, productId: one.product_id, improvementIds, signalIds };
  });
  // Fresh statistics, as autovacuum would have gathered them for tables this size in production.
  await db.exec("analyze");
  return { label, ...seeded, improvements, issues, patterns: improvements, signals, components };
}
