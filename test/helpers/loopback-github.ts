import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the stand-in GitHub API received. */
export interface GithubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | null;
}

interface StoredIssue {
  id: number;
  number: number;
  title: string;
  body: string;
  html_url: string;
  state: string;
  user: { login: string };
  pull_request?: { html_url: string };
}

/**
 * A stand-in for the GitHub REST API on 127.0.0.1: issues and their comments of any repository, kept
 * in memory as GitHub would keep them, every request recorded (method, path, Authorization, body) for
 * tests to assert. Only a request with the expected token is answered; others get 401 as GitHub does.
 */
export async function startLoopbackGithub(token: string) {
  const requests: GithubRequest[] = [];
  const issues = new Map<string, StoredIssue[]>();
  const comments = new Map<string, { id: number; body: string; html_url: string }[]>();
  const pulls = new Map<string, Record<string, unknown>[]>();
  let ids = 1000;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        authorization: request.headers.authorization,
        body,
      });
      const send = (status: number, json: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(json));
      };
      if (request.headers.authorization !== `token ${token}`) return send(401, { message: "Bad credentials" });
      const match = url.pathname.match(/^\/repos\/([^/]+\/[^/]+)\/(issues|pulls)(?:\/(\d+)\/comments)?$/);
      if (!match?.[1]) return send(404, { message: "Not Found" });
      const repo = match[1];
      const list = issues.get(repo) ?? [];
      issues.set(repo, list);
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const paged = <T>(items: T[]) => items.slice((page - 1) * perPage, page * perPage);
      if (match[2] === "pulls") return send(200, paged(pulls.get(repo) ?? []));
      if (match[3]) {
        const key = `${repo}#${match[3]}`;
        const thread = comments.get(key) ?? [];
        comments.set(key, thread);
        if (request.method === "GET") return send(200, paged(thread));
        const comment = {
          id: ++ids,
          body: String(body?.body ?? ""),
          html_url: `https://github.com/${repo}/issues/${match[3]}#issuecomment-${ids}`,
        };
        thread.push(comment);
        return send(201, comment);
      }
      if (request.method === "GET") {
        const open = url.searchParams.get("state") === "open" ? list.filter((i) => i.state === "open") : list;
        const sorted = url.searchParams.get("direction") === "desc" ? [...open].reverse() : open;
        return send(200, paged(sorted));
      }
      const issue = add(repo, { title: String(body?.title ?? ""), body: String(body?.body ?? "") });
      return send(201, issue);
    });
  });
  const add = (repo: string, fields: Partial<StoredIssue> & { title: string }): StoredIssue => {
    const list = issues.get(repo) ?? [];
    issues.set(repo, list);
    const number = list.length + 1;
    const issue: StoredIssue = {
      id: ++ids,
      number,
      body: "",
      html_url: `https://github.com/${repo}/issues/${number}`,
      state: "open",
      user: { login: "octocat" },
      ...fields,
    };
    list.push(issue);
    return issue;
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The comments of an issue ("owner/repo#N"). */
    comments: (key: string) => comments.get(key) ?? [],
    /** Puts an issue (or, with pull_request, a pull request's issue) in a repository, as if made on GitHub. */
    addIssue: add,
    /** Puts an open pull request in a repository's pull request list. */
    addPull: (repo: string, pull: Record<string, unknown>) => pulls.set(repo, [...(pulls.get(repo) ?? []), pull]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
