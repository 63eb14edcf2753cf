import { randomUUID } from "node:crypto";
import type { Db, Queryable } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";

const one = async (db: Queryable, sql: string, params: unknown[]): Promise<string> => {
  const [row] = await db.query<{ id: string }>(sql, params);
  if (!row) throw new Error(`fixture insert returned nothing: ${sql}`);
  return row.id;
};

/**
 * A loop built in plain SQL (a product made of one component, an email channel), with helpers to add
 * contacts, signals, patterns and improvements, and to ship an improvement through the real services
 * (version, release, production deployment: snapback). Random names, so tests never collide.
 */
export async function seedCustomerLoop(db: Db) {
  const tag = randomUUID().slice(0, 8);
  const loopId = await one(db, "insert into loops (slug, name) values ($1, $2) returning id", [`loop-${tag}`, tag]);
  const channelId = await one(
    db,
    "insert into channels (loop_id, slug, name, kind) values ($1, $2, $3, 'email') returning id",
    [loopId, `support-${tag}`, `Support ${tag}`],
  );
  const componentId = await one(db, "insert into components (slug, name) values ($1, $2) returning id", [
    `engine-${tag}`,
    `Engine ${tag}`,
  ]);
  const productId = await one(db, "insert into products (loop_id, slug, name) values ($1, $2, $3) returning id", [
    loopId,
    `ledger-${tag}`,
    `Ledger ${tag}`,
  ]);
  await db.query("insert into product_components (product_id, component_id) values ($1, $2)", [productId, componentId]);
  let shipped = 0;
  return {
    tag,
    channelName: `Support ${tag}`,
    productName: `Ledger ${tag}`,
    contact: (name: string, email: string | null = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@mail.example`) =>
      one(db, "insert into contacts (name, email) values ($1, $2) returning id", [name, email]).then((id) => ({
        id,
        name,
        email,
      })),
    signal: (contactId: string, title: string, body = "") =>
      one(
        db,
        `insert into signals (channel_id, contact_id, title, body, thread_ref, received_at)
         values ($1, $2, $3, $4, $5, now() - interval '1 day') returning id`,
        [channelId, contactId, title, body, `<${randomUUID()}@mail.example>`],
      ),
    pattern: (title: string, description = "") =>
      one(db, "insert into patterns (title, description) values ($1, $2) returning id", [title, description]),
    attach: (patternId: string, ...signalIds: string[]) =>
      db.query(
        "insert into signal_patterns (signal_id, pattern_id, attached_by) select unnest($1::uuid[]), $2, 'test'",
        [signalIds, patternId],
      ),
    improvement: (patternId: string, text: { title: string; why: string; what: string; how: string }) =>
      one(
        db,
        `with i as (insert into improvements (loop_id, title, why, what, how) values ($1, $2, $3, $4, $5) returning id),
              p as (insert into improvement_patterns (improvement_id, pattern_id) select id, $6 from i),
              t as (insert into improvement_products (improvement_id, product_id) select id, $7 from i)
         select id from i`,
        [loopId, text.title, text.why, text.what, text.how, patternId, productId],
      ),
    setStatus: (improvementId: string, status: "approved" | "in_progress" | "rejected") =>
      db.query("update improvements set status = $2 where id = $1", [improvementId, status]),
    /** An issue and a merged pull request for the improvement, then version, release and deployment. */
    ship: async (improvementId: string) => {
      shipped++;
      const issueId = await one(
        db,
        "insert into issues (component_id, improvement_id, title) values ($1, $2, 'Fix it') returning id",
        [componentId, improvementId],
      );
      const pullRequestId = await one(
        db,
        "insert into pull_requests (component_id, title, status, merged_at) values ($1, 'Fix', 'merged', now()) returning id",
        [componentId],
      );
      await db.query("insert into pull_request_issues (pull_request_id, issue_id) values ($1, $2)", [
        pullRequestId,
        issueId,
      ]);
      await createVersion(db, "test", { componentId, name: `1.${shipped}.0` });
      const release = await createRelease(db, "test", { productId, name: `2026.${shipped}` });
      return recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
    },
  };
}
