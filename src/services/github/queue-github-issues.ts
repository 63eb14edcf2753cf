import { outboxChannel } from "../../db/notify-channels.js";
import { createRecord } from "../records.js";
import type { Resource } from "../resources.js";
import type { Tx } from "../transaction.js";

/** A component whose GitHub channel may create issues: a component channel with a token. */
const writableChannel = `exists (select 1 from channels ch
   where ch.kind = 'github' and ch.config->>'githubRole' = 'component'
     and ch.config->>'componentId' = i.component_id::text and ch.config ? 'githubToken')`;

/**
 * Once an improvement is approved (or started), its issues go to GitHub: each component it targets
 * whose repository is a GitHub channel with a token gets an issue (made here, from the improvement's
 * why/what/how, unless the improvement already has one there), and every open issue of the improvement
 * without a number is queued (outbox kind github_issue, once per issue) to be created there.
 * Runs in the transaction that changed the improvement or issue.
 */
export async function queueGithubIssues(
  tx: Tx,
  by: { improvementId: string } | { issueId: string },
  issueResource: Resource,
): Promise<void> {
  if ("improvementId" in by) {
    const missing = await tx.query<{ component_id: string; title: string; why: string; what: string; how: string }>(
      `select ic.component_id, m.title, m.why, m.what, m.how
         from improvements m join improvement_components ic on ic.improvement_id = m.id
        where m.id = $1 and m.status in ('approved', 'in_progress')
          and exists (select 1 from channels ch where ch.kind = 'github' and ch.config->>'githubRole' = 'component'
                         and ch.config->>'componentId' = ic.component_id::text and ch.config ? 'githubToken')
          and not exists (select 1 from issues x where x.improvement_id = m.id and x.component_id = ic.component_id)`,
      [by.improvementId],
    );
    for (const row of missing) {
      const sections = [
        ["Why", row.why],
        ["What", row.what],
        ["How", row.how],
      ].filter(([, value]) => value?.trim());
      await createRecord(tx, issueResource, {
        componentId: row.component_id,
        improvementId: by.improvementId,
        title: row.title,
        body: sections.map(([title, value]) => `## ${title}\n\n${value}`).join("\n\n"),
      });
    }
  }
  const queued = await tx.query<{ id: string }>(
    `insert into outbox (kind, idempotency_key, payload)
     select 'github_issue', 'github_issue:' || i.id, jsonb_build_object('issueId', i.id)
       from issues i join improvements m on m.id = i.improvement_id
      where ${"improvementId" in by ? "m.id = $1" : "i.id = $1"}
        and m.status in ('approved', 'in_progress') and i.number is null and i.status = 'open'
        and ${writableChannel}
     on conflict (idempotency_key) do nothing
     returning id`,
    ["improvementId" in by ? by.improvementId : by.issueId],
  );
  if (queued.length > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
}
