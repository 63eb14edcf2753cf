import { type GithubChannel, githubClient, repoOf } from "./channel.js";

/** One comment or issue on GitHub, as Loopwork keeps it. */
export interface Posted {
  id: number;
  number?: number;
  url: string;
  /** It was already there (a retry after a crash): nothing was posted this time. */
  existed: boolean;
}

/**
 * Posts a comment on an issue, once: the body carries `marker`, and a comment already carrying it (a
 * retry whose first attempt reached GitHub but was not recorded) is returned instead of posting again.
 */
export async function postIssueComment(
  channel: GithubChannel,
  issueNumber: number,
  body: string,
  marker: string,
): Promise<Posted> {
  const octokit = githubClient(channel);
  const where = { ...repoOf(channel), issue_number: issueNumber };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
  const found = comments.find((comment) => comment.body?.includes(marker));
  if (found) return { id: found.id, url: found.html_url, existed: true };
  const { data } = await octokit.rest.issues.createComment({ ...where, body: `${body}\n\n${marker}` });
  return { id: data.id, url: data.html_url, existed: false };
}

/**
 * Creates an issue, once: its body carries `marker`, and an issue of the last 100 created that carries
 * it already (a retry after a crash) is returned instead of creating another.
 */
export async function createIssue(
  channel: GithubChannel,
  issue: { title: string; body: string },
  marker: string,
): Promise<Posted> {
  const octokit = githubClient(channel);
  const repo = repoOf(channel);
  const { data: recent } = await octokit.rest.issues.listForRepo({
    ...repo,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: 100,
  });
  const found = recent.find((candidate) => candidate.body?.includes(marker));
  if (found) return { id: found.id, number: found.number, url: found.html_url, existed: true };
  const { data } = await octokit.rest.issues.create({
    ...repo,
    title: issue.title,
    body: `${issue.body}\n\n${marker}`,
  });
  return { id: data.id, number: data.number, url: data.html_url, existed: false };
}
