import { cutText } from "../../core/cut-text.js";
import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import type { GithubIssue } from "../../integrations/github/payloads.js";
import { createRecord, getRecord, type Presented, updateRecord } from "../records.js";
import { resources } from "../resources.js";
import { settleImprovements } from "../settle-improvements.js";
import { snapbackLock } from "../snapback.js";
import { type Actor, inTransaction, type Tx } from "../transaction.js";

/** The marker of an issue Loopwork created on GitHub for one of its issues (deliver-github.ts). */
export const issueMarker = (issueId: string) => `<!-- loopwork-issue:${issueId} -->`;
const markerPattern = /<!-- loopwork-issue:([0-9a-f-]{36}) -->/;

/** Whether Loopwork opened this GitHub issue itself (its body carries issueMarker). */
export const isLoopworkIssue = (issue: { body?: string | null }) => markerPattern.test(issue.body ?? "");

/**
 * The Loopwork issue of a component repository's GitHub issue: the one Loopwork created it for (its
 * marker), or the one with its number, or a new one. Title and URL follow GitHub's.
 */
export async function issueOfGithub(tx: Tx, componentId: string, issue: GithubIssue): Promise<Presented> {
  const [byNumber] = await tx.query<{ id: string }>("select id from issues where component_id = $1 and number = $2", [
    componentId,
    issue.number,
  ]);
  const marked = issue.body?.match(markerPattern)?.[1];
  if (!byNumber && marked) {
    // Created by Loopwork, and GitHub told us before the worker recorded the number.
    const [own] = await tx.query<{ id: string }>(
      "update issues set number = $2, url = $3, updated_at = now() where id = $1 and component_id = $4 and number is null returning id",
      [marked, issue.number, issue.html_url, componentId],
    );
    if (own) return getRecord(tx, resources.issue, own.id);
  }
  if (byNumber) {
    const current = await getRecord(tx, resources.issue, byNumber.id);
    if (current.title === cutText(issue.title, 200) && current.url === issue.html_url) return current;
    return (
      await updateRecord(tx, resources.issue, byNumber.id, { title: cutText(issue.title, 200), url: issue.html_url })
    ).after;
  }
  return createRecord(tx, resources.issue, {
    componentId,
    number: issue.number,
    url: issue.html_url,
    title: cutText(issue.title, 200) || `Issue #${issue.number}`,
    body: cutText(issue.body ?? "", 100_000),
  });
}

/**
 * `issues` on a component's repository: the Loopwork issue is made or kept in step. Closed as not
 * planned, or closed with no pull request fixing it, it is closed (and its improvement settles, as
 * PATCH /issues does); closed by a pull request it waits for snapback to resolve it when the fix is
 * live. Reopened, it is open again.
 */
export async function applyComponentIssue(
  db: Db,
  actor: Actor,
  channel: GithubChannel,
  action: string,
  issue: GithubIssue,
): Promise<string> {
  const componentId = channel.componentId;
  if (!componentId) return "ignored: the channel names no componentId";
  if (issue.pull_request) return "ignored: a pull request";
  if (!["opened", "edited", "closed", "reopened", "backfill"].includes(action)) return `ignored: issues ${action}`;
  return inTransaction(db, actor, async (tx) => {
    if (action === "closed") await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
    const current = await issueOfGithub(tx, componentId, issue);
    if (action === "closed" && current.status === "open") {
      const [fixing] = await tx.query(
        `select 1 from pull_request_issues pi join pull_requests pr on pr.id = pi.pull_request_id
          where pi.issue_id = $1 and pr.status <> 'closed' limit 1`,
        [current.id],
      );
      if (fixing && issue.state_reason !== "not_planned") return `issue ${current.id} waits for its fix to ship`;
      const { after } = await updateRecord(tx, resources.issue, current.id, { status: "closed" });
      if (typeof after.improvementId === "string") await settleImprovements(tx, [after.improvementId]);
      return `issue ${current.id} closed`;
    }
    if (action === "reopened" && current.status !== "open") {
      await updateRecord(tx, resources.issue, current.id, { status: "open" });
      return `issue ${current.id} reopened`;
    }
    return `issue ${current.id} ${action === "backfill" ? "imported" : "kept"}`;
  });
}
