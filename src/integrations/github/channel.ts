import { Octokit } from "@octokit/rest";
import type { Queryable } from "../../db/connect.js";

/** A GitHub channel's settings (channels.config, docs/CHANNELS.md "GitHub"). */
export interface GithubChannel {
  id: string;
  slug: string;
  loopId: string;
  /** "owner/name" as configured. */
  repository: string;
  role: "feedback" | "component";
  componentId: string | null;
  secret: string | null;
  token: string | null;
  apiUrl: string;
}

/** GitHub's public REST API: the default base URL. */
export const defaultGithubApiUrl = "https://api.github.com";

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

type ChannelRow = { id: string; slug: string; loop_id: string; kind: string; config: Record<string, unknown> };

function fromRow(row: ChannelRow): GithubChannel | undefined {
  const repository = text(row.config.repository);
  if (row.kind !== "github" || !repository) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    loopId: row.loop_id,
    repository,
    role: row.config.githubRole === "component" ? "component" : "feedback",
    componentId: text(row.config.componentId),
    secret: text(row.config.webhookSecret),
    token: text(row.config.githubToken),
    apiUrl: (text(row.config.githubApiUrl) ?? defaultGithubApiUrl).replace(/\/+$/, ""),
  };
}

/** The GitHub channel with this id, or undefined when there is none (or it names no repository). */
export async function loadGithubChannel(db: Queryable, id: string): Promise<GithubChannel | undefined> {
  const [row] = await db.query<ChannelRow>("select id, slug, loop_id, kind, config from channels where id = $1", [id]);
  return row ? fromRow(row) : undefined;
}

/** The component channel of a repository ("owner/name", any case): how cross-repository references resolve. */
export async function componentChannelOf(db: Queryable, repository: string): Promise<GithubChannel | undefined> {
  const rows = await db.query<ChannelRow>(
    `select id, slug, loop_id, kind, config from channels
      where kind = 'github' and config->>'githubRole' = 'component' and lower(config->>'repository') = lower($1)
      order by id limit 1`,
    [repository],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** The component channel (with a token) of a component: where its issues are created on GitHub. */
export async function channelOfComponent(db: Queryable, componentId: string): Promise<GithubChannel | undefined> {
  const rows = await db.query<ChannelRow>(
    `select id, slug, loop_id, kind, config from channels
      where kind = 'github' and config->>'githubRole' = 'component' and config->>'componentId' = $1::text
      order by (config->>'githubToken' is null), id limit 1`,
    [componentId],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * A REST client for the channel: its token (a personal access token or a GitHub App installation
 * token: both are sent as "token <value>"), its base URL. No retries of its own: the outbox retries.
 */
export function githubClient(channel: GithubChannel): Octokit {
  return new Octokit({
    auth: channel.token ?? undefined,
    baseUrl: channel.apiUrl,
    userAgent: "loopwork",
    request: { retries: 0 },
  });
}

/** owner and repo of "owner/name". */
export function repoOf(channel: GithubChannel): { owner: string; repo: string } {
  const [owner = "", repo = ""] = channel.repository.split("/");
  return { owner, repo };
}

/** The repository and number of a GitHub issue URL (a signal's thread), or undefined. */
export function issueOfUrl(url: string | null): { repository: string; number: number } | undefined {
  const match = url?.match(/^https?:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/issues\/(\d+)$/);
  return match?.[1] && match[2] ? { repository: match[1], number: Number(match[2]) } : undefined;
}
