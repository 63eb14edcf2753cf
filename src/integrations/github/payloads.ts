import { z } from "zod";

/**
 * The parts of GitHub's webhook payloads that Loopwork reads (docs.github.com "Webhook events and
 * payloads"). Lenient on purpose: unknown fields are dropped, and a payload missing what a mapping needs
 * fails to parse and is ignored with a reason instead of failing the delivery forever.
 */
const user = z.object({ login: z.string().min(1), type: z.string().optional() });
const repository = z.object({ full_name: z.string().min(3) });

/**
 * Whether a GitHub account is a bot (dependabot, renovate, github-actions, any GitHub App): GitHub says
 * `type: "Bot"`, and an App's login ends in `[bot]` (kept as a second test: the REST API's issue list and
 * older payloads have omitted the type).
 */
export const isGithubBot = (account: { login: string; type?: string | undefined }) =>
  account.type === "Bot" || account.login.toLowerCase().endsWith("[bot]");

/** An issue, as in `issues`, `issue_comment` and the REST API's issue list. */
export const githubIssue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  state: z.string().optional(),
  state_reason: z.string().nullable().optional(),
  user,
  created_at: z.string().optional(),
  /** Present when the "issue" is a pull request (issue_comment on a pull request, the issue list). */
  pull_request: z.object({ html_url: z.string().optional(), merged_at: z.string().nullable().optional() }).optional(),
});
export type GithubIssue = z.infer<typeof githubIssue>;

export const issuesEvent = z.object({ action: z.string(), issue: githubIssue, repository });
export const issueCommentEvent = z.object({
  action: z.string(),
  issue: githubIssue,
  comment: z.object({ id: z.number().int(), body: z.string().nullable(), html_url: z.string(), user }),
  repository,
});

/** A pull request, as in `pull_request` and the REST API's pull request list. */
export const githubPullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  state: z.string().optional(),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
});
export type GithubPullRequest = z.infer<typeof githubPullRequest>;
export const pullRequestEvent = z.object({ action: z.string(), pull_request: githubPullRequest, repository });

export const releaseEvent = z.object({
  action: z.string(),
  release: z.object({ tag_name: z.string().min(1).max(100), draft: z.boolean().optional() }),
  repository,
});
export const createEvent = z.object({ ref: z.string().min(1), ref_type: z.string(), repository });
export const pushEvent = z.object({ ref: z.string().min(1), deleted: z.boolean().optional(), repository });

const deployment = z.object({ id: z.number().int(), ref: z.string(), environment: z.string().min(1) });
export const deploymentEvent = z.object({ action: z.string().optional(), deployment, repository });
export const deploymentStatusEvent = z.object({
  deployment_status: z.object({ state: z.string() }),
  deployment,
  repository,
});

/** The events a GitHub channel applies; any other is acknowledged and ignored. */
export const githubEvents = [
  "issues",
  "issue_comment",
  "pull_request",
  "release",
  "create",
  "push",
  "deployment",
  "deployment_status",
] as const;
export type GithubEventName = (typeof githubEvents)[number];

/** The object of each event whose `updated_at` GitHub sets to the time of the change the event carries. */
const changedObjects: Partial<Record<string, string>> = {
  issues: "issue",
  issue_comment: "comment",
  pull_request: "pull_request",
  deployment_status: "deployment_status",
};
const changeTime = z.object({ updated_at: z.string() });

/**
 * When the change a delivery carries was made, as its signed body says: the issue's, comment's, pull
 * request's or deployment status's `updated_at`, which every action Loopwork applies moves. Undefined when
 * the event names no such time, or its action does not move it (a comment deleted keeps the time of its
 * last edit): those replays change nothing (tags, deployments and deletions are idempotent by GitHub's ids).
 */
export function changedAtOf(event: string, body: unknown): Date | undefined {
  if ((body as { action?: unknown }).action === "deleted") return undefined;
  const object = changedObjects[event];
  if (!object) return undefined;
  const parsed = changeTime.safeParse((body as Record<string, unknown>)[object]);
  if (!parsed.success) return undefined;
  const at = new Date(parsed.data.updated_at);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
