import { closingRefs } from "../../core/closing-refs.js";
import { cutText } from "../../core/cut-text.js";
import type { Db } from "../../db/connect.js";
import { componentChannelOf, type GithubChannel } from "../../integrations/github/channel.js";
import type { GithubPullRequest } from "../../integrations/github/payloads.js";
import { createRecord, getRecord, updateRecord } from "../records.js";
import { resources } from "../resources.js";
import { type Actor, inTransaction, type Tx } from "../transaction.js";

/**
 * The Loopwork issues a pull request's body closes (`Fixes #N`, `Closes owner/repo#N` …): in its own
 * component, or in the component of the GitHub channel of the repository named. Issues Loopwork does not
 * know (yet) are left out: their `issues` event, or a backfill, brings them.
 */
async function fixedIssues(tx: Tx, channel: GithubChannel, componentId: string, body: string): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of closingRefs(body)) {
    let target = componentId;
    if (ref.repository && ref.repository !== channel.repository.toLowerCase()) {
      const other = await componentChannelOf(tx, ref.repository);
      if (!other?.componentId) continue;
      target = other.componentId;
    }
    const [issue] = await tx.query<{ id: string }>("select id from issues where component_id = $1 and number = $2", [
      target,
      ref.number,
    ]);
    if (issue) ids.push(issue.id);
  }
  return ids;
}

/**
 * `pull_request` on a component's repository: the pull request is made or kept in step (title, URL,
 * the issues it fixes, added to any linked by hand), then moved as GitHub says: closed and merged is
 * merged, closed without merging is closed, reopened is open. Shipping stays snapback's.
 */
export async function applyPullRequest(
  db: Db,
  actor: Actor,
  channel: GithubChannel,
  action: string,
  pr: GithubPullRequest,
): Promise<string> {
  const componentId = channel.componentId;
  if (!componentId) return "ignored: the channel names no componentId";
  if (!["opened", "edited", "closed", "reopened", "synchronize", "ready_for_review", "backfill"].includes(action)) {
    return `ignored: pull_request ${action}`;
  }
  return inTransaction(db, actor, async (tx) => {
    const issueIds = await fixedIssues(tx, channel, componentId, pr.body ?? "");
    const title = cutText(pr.title.trim(), 200) || `Pull request #${pr.number}`;
    const [known] = await tx.query<{ id: string }>(
      "select id from pull_requests where component_id = $1 and number = $2",
      [componentId, pr.number],
    );
    let current = known
      ? await getRecord(tx, resources.pull_request, known.id)
      : await createRecord(tx, resources.pull_request, {
          componentId,
          number: pr.number,
          url: pr.html_url,
          title,
          issueIds,
        });
    if (known) {
      const linked = (current.issueIds as string[]) ?? [];
      const all = [...new Set([...linked, ...issueIds])];
      if (all.length !== linked.length || current.title !== title || current.url !== pr.html_url) {
        current = (await updateRecord(tx, resources.pull_request, known.id, { title, url: pr.html_url, issueIds: all }))
          .after;
      }
    }
    const merged = pr.merged === true || Boolean(pr.merged_at);
    const target = merged ? "merged" : pr.state === "closed" ? "closed" : "open";
    const status = String(current.status);
    // Already there, or further on (shipped): GitHub's news is old.
    if (status === target || status === "shipped" || (status === "merged" && target !== "merged")) {
      return `pull request ${current.id} ${status}`;
    }
    // A merged pull request first closed (a webhook of the close arrived first) is reopened on the way.
    if (status === "closed" && target === "merged") {
      await updateRecord(tx, resources.pull_request, current.id, { status: "open" });
    }
    await updateRecord(tx, resources.pull_request, current.id, { status: target });
    return `pull request ${current.id} ${target}`;
  });
}
