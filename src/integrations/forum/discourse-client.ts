import { fetch } from "undici";
import { webhookDispatcher } from "../webhooks/guarded-agent.js";

/** Where and as whom Loopwork posts on a Discourse site. */
export interface DiscourseTarget {
  /** The site's base URL, "https://forum.example.com". */
  forumUrl: string;
  apiKey: string;
  apiUsername: string;
  /** Allow loopback, private and link-local sites (an administrator's choice for the channel). */
  allowPrivateNetwork: boolean;
  timeoutMs: number;
}

/** Discourse answered, but not with 2xx. */
export class DiscourseResponseError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`Discourse answered ${status}${detail ? `: ${detail}` : ""}`);
    this.name = "DiscourseResponseError";
  }
}

const endpoint = (target: DiscourseTarget, path: string) => `${target.forumUrl.replace(/\/+$/, "")}${path}`;

async function call(target: DiscourseTarget, path: string, init: { method: string; body?: string }) {
  const url = endpoint(target, path);
  // Throws TargetRefused for a private site (SSRF) before anything is sent.
  const dispatcher = webhookDispatcher(new URL(url), target.allowPrivateNetwork);
  const response = await fetch(url, {
    dispatcher,
    method: init.method,
    headers: {
      "Api-Key": target.apiKey,
      "Api-Username": target.apiUsername,
      accept: "application/json",
      "user-agent": "Loopwork/1",
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    body: init.body,
    // Under the outbox lease, like a webhook; a redirect would carry the API key somewhere unconfigured.
    signal: AbortSignal.timeout(target.timeoutMs),
    redirect: "error",
  });
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    // Discourse explains a refusal in {"errors": [...]}: that is the dead letter's reason.
    let detail = text.slice(0, 300);
    try {
      const errors = (JSON.parse(text) as { errors?: unknown }).errors;
      if (Array.isArray(errors)) detail = errors.map(String).join("; ").slice(0, 300);
    } catch {}
    throw new DiscourseResponseError(response.status, detail.replace(/\s+/g, " ").trim());
  }
  return text;
}

/** Posts raw (Markdown) as a reply in a topic: POST /posts.json. Resolves with the new post's id and number. */
export async function createDiscoursePost(
  target: DiscourseTarget,
  topicId: number,
  raw: string,
): Promise<{ id: number; postNumber: number }> {
  const text = await call(target, "/posts.json", { method: "POST", body: JSON.stringify({ topic_id: topicId, raw }) });
  const post = JSON.parse(text) as { id?: unknown; post_number?: unknown };
  if (typeof post.id !== "number") throw new Error("Discourse answered POST /posts.json without a post id.");
  return { id: post.id, postNumber: typeof post.post_number === "number" ? post.post_number : 0 };
}

/**
 * The number of the post in a topic whose raw text carries marker, if any: reads the topic's Markdown
 * (GET /raw/<topic>?page=N, 100 posts a page, "username | date | #number" before each post) up to
 * maxPages pages. Used only on a retry, to learn whether an attempt that died unrecorded had posted.
 */
export async function findMarkedPost(
  target: DiscourseTarget,
  topicId: number,
  marker: string,
  maxPages = 20,
): Promise<number | undefined> {
  for (let page = 1; page <= maxPages; page++) {
    const text = await call(target, `/raw/${topicId}?page=${page}`, { method: "GET" });
    if (!text.trim()) return undefined;
    const at = text.indexOf(marker);
    if (at >= 0) {
      const headers = [...text.slice(0, at).matchAll(/^.+ \| .+ \| #(\d+)\s*$/gm)];
      return Number(headers.at(-1)?.[1] ?? 0);
    }
  }
  return undefined;
}
