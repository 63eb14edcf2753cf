import type { Db } from "../../db/connect.js";
import { type GithubChannel, githubClient, repoOf } from "../../integrations/github/channel.js";
import { githubIssue, githubPullRequest, isGithubBot } from "../../integrations/github/payloads.js";
import { applyComponentIssue, isLoopworkIssue } from "./apply-component-issue.js";
import { ignoreBot, signalOfIssue } from "./apply-feedback-issue.js";
import { applyPullRequest } from "./apply-pull-request.js";

/** Where a backfill is: open issues first (so pull requests find the issues they fix), then open pull requests. */
export interface BackfillPosition {
  phase: "issues" | "pulls";
  page: number;
}

const perPage = 100;

/**
 * Imports one page of a GitHub channel's open issues (then of its open pull requests) with the same
 * mappings as the webhooks, and says where the next page is (null: done). Each item is idempotent, so
 * a page imported twice (a crash before its position was kept) changes nothing the second time.
 */
export async function backfillGithubPage(
  db: Db,
  channel: GithubChannel,
  at: BackfillPosition,
): Promise<{ imported: number; next: BackfillPosition | null }> {
  const octokit = githubClient(channel);
  const actor = `channel:${channel.id}`;
  const repo = repoOf(channel);
  let imported = 0;
  if (at.phase === "issues") {
    const { data } = await octokit.rest.issues.listForRepo({
      ...repo,
      state: "open",
      per_page: perPage,
      page: at.page,
    });
    for (const item of data) {
      const issue = githubIssue.safeParse(item);
      // Pull requests come in the second phase, with their bodies' closing references.
      if (!issue.success || issue.data.pull_request) continue;
      if (channel.role === "feedback") {
        // Loopwork's own issues (a repository that is a component's too) are no person's report.
        if (isLoopworkIssue(issue.data)) continue;
        // Nor are a bot's (dependabot, renovate): said in the channel's health, as the webhook does.
        if (isGithubBot(issue.data.user)) {
          await ignoreBot(db, channel, issue.data.user.login, "issue");
          continue;
        }
        await signalOfIssue(db, actor, channel, issue.data);
      } else await applyComponentIssue(db, actor, channel, "backfill", issue.data);
      imported++;
    }
    if (data.length === perPage) return { imported, next: { phase: "issues", page: at.page + 1 } };
    return { imported, next: channel.role === "component" ? { phase: "pulls", page: 1 } : null };
  }
  const { data } = await octokit.rest.pulls.list({ ...repo, state: "open", per_page: perPage, page: at.page });
  for (const item of data) {
    const pr = githubPullRequest.safeParse(item);
    if (!pr.success) continue;
    await applyPullRequest(db, actor, channel, "backfill", pr.data);
    imported++;
  }
  return { imported, next: data.length === perPage ? { phase: "pulls", page: at.page + 1 } : null };
}
