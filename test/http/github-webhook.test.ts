import { createHash, createHmac, randomInt, randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { githubEvents } from "../../src/integrations/github/payloads.js";
import { deliverDue } from "../../src/jobs/deliver-due.js";
import { maintainDatabase } from "../../src/jobs/maintain-database.js";
import { cliJson, runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";
import { changedAt, githubExample as example, githubExamples } from "../helpers/github-examples.js";
import { startLoopbackGithub } from "../helpers/loopback-github.js";

const secret = "a-github-webhook-secret-of-32-chars";
const token = "ghp_loopbacktoken0123456789";
const repo = "Codertocat/Hello-World";

/** An issue_comment event about comment `commentId`, on an issue of its own (others count the examples' issue's messages). */
function commentEvent(commentId: number, action: string, text: string): Record<string, unknown> {
  const payload = example("issue_comment", action);
  Object.assign(payload.comment as object, { id: commentId, body: text });
  const issue = payload.issue as { number: number; html_url: string };
  Object.assign(issue, { number: commentId, html_url: issue.html_url.replace(/\d+$/, String(commentId)) });
  return payload;
}

let app: TestApp;
let github: Awaited<ReturnType<typeof startLoopbackGithub>>;
let feedbackId: string;
let componentChannelId: string;
let componentId: string;
let loopId: string;
const config = () => ({ publicUrl: app.url, emailFrom: "Loopwork <loopwork@loop.example>" });
/** Runs the worker until nothing is due. */
const work = async () => {
  while ((await deliverDue(app.db, config(), 20)) > 0);
};

beforeAll(async () => {
  app = await startTestApp();
  github = await startLoopbackGithub(token);
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("core"), name: "Core" })).body.id;
  componentId = (await app.call<{ id: string }>("POST", "/components", { slug: uniqueSlug("hello"), name: "Hello" }))
    .body.id;
  await app.call("POST", "/products", { loopId, slug: uniqueSlug("app"), name: "App", componentIds: [componentId] });
  const githubConfig = { repository: repo, webhookSecret: secret, githubToken: token, githubApiUrl: github.url };
  const feedback = await app.call<{ id: string; config: Record<string, unknown> }>("POST", "/channels", {
    loopId,
    slug: uniqueSlug("gh-feedback"),
    name: "GitHub issues",
    kind: "github",
    config: { ...githubConfig, githubRole: "feedback" },
  });
  expect(feedback.status).toBe(201);
  // The token and the secret are write-only.
  expect(feedback.body.config).toMatchObject({ githubTokenSet: true, webhookSecretSet: true, repository: repo });
  expect(JSON.stringify(feedback.body)).not.toContain(token);
  feedbackId = feedback.body.id;
  componentChannelId = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: uniqueSlug("gh-code"),
      name: "Hello code",
      kind: "github",
      config: { ...githubConfig, githubRole: "component", componentId },
    })
  ).body.id;
});
afterAll(async () => {
  await app?.stop();
  await github?.close();
});

/** Posts a payload to a channel's GitHub endpoint as GitHub does: signed with `key` (the secret unless told). */
async function deliver(
  channelId: string,
  event: string,
  payload: unknown,
  options: { delivery?: string; key?: string; raw?: string; signature?: string | null; form?: boolean } = {},
) {
  // A webhook set to application/x-www-form-urlencoded (GitHub's default) sends payload=<json>.
  const json = JSON.stringify(payload);
  const body = options.raw ?? (options.form ? new URLSearchParams({ payload: json }).toString() : json);
  const signature =
    options.signature === undefined
      ? await new Webhooks({ secret: options.key ?? secret }).sign(body)
      : options.signature;
  const started = performance.now();
  const response = await fetch(`${app.url}/channels/${channelId}/github`, {
    method: "POST",
    headers: {
      "content-type": options.form ? "application/x-www-form-urlencoded" : "application/json",
      "x-github-event": event,
      "x-github-delivery": options.delivery ?? randomUUID(),
      ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    },
    body,
  });
  const answer = (await response.json()) as { status?: string; error?: { code: string; path?: string } };
  return { status: response.status, body: answer, ms: performance.now() - started };
}

const outboxCount = async () =>
  Number((await app.db.query<{ n: string }>("select count(*) as n from outbox where kind like 'github%'"))[0]?.n);

describe(`GitHub webhooks (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("refuses a forged or missing signature with invalid_signature and writes nothing", async () => {
    const before = await outboxCount();
    const forged = await deliver(feedbackId, "issues", example("issues", "opened"), { key: "another-secret-entirely" });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    const missing = await deliver(feedbackId, "issues", example("issues", "opened"), { signature: null });
    expect(missing).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(await outboxCount()).toBe(before);
  });

  it("refuses a signed body that is not JSON with invalid_json, and ignores events it does not map", async () => {
    const before = await outboxCount();
    const malformed = await deliver(feedbackId, "issues", null, { raw: '{"action": "opened", ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    const star = await deliver(feedbackId, "star", { action: "created", repository: { full_name: repo } });
    expect(star).toMatchObject({ status: 200, body: { status: "ignored" } });
    const ping = await deliver(feedbackId, "ping", example("ping"));
    expect(ping).toMatchObject({ status: 200, body: { status: "pong" } });
    expect(await outboxCount()).toBe(before);
  });

  it("runs the loop from GitHub: issue → signal, approved improvement → GitHub issue, merged fix, release, deployment → comment", async () => {
    // 1. A person opens an issue on the feedback repository: a signal, answered within a second.
    const opened = example("issues", "opened");
    const delivery = randomUUID();
    const first = await deliver(feedbackId, "issues", opened, { delivery });
    expect(first).toMatchObject({ status: 202, body: { status: "queued" } });
    expect(first.ms).toBeLessThan(1000);
    // Redelivered (GitHub's "Redeliver", or a replay): acknowledged, nothing more queued.
    const again = await deliver(feedbackId, "issues", opened, { delivery });
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate" } });
    await work();
    const issueUrl = (opened.issue as { html_url: string }).html_url;
    const signals = await app.call<{ items: { id: string; threadRef: string; contactId: string }[] }>(
      "GET",
      `/signals?channelId=${feedbackId}`,
    );
    expect(signals.body.items).toHaveLength(1);
    const signal = signals.body.items[0];
    expect(signal?.threadRef).toBe(issueUrl);
    const contact = await app.call("GET", `/contacts/${signal?.contactId}`);
    expect(contact.body).toMatchObject({ githubLogin: "Codertocat", email: null });

    // A comment joins the signal's conversation, once however often it is delivered.
    const comment = example("issue_comment", "created");
    const commentDelivery = randomUUID();
    await deliver(feedbackId, "issue_comment", comment, { delivery: commentDelivery });
    await deliver(feedbackId, "issue_comment", comment, { delivery: commentDelivery });
    await work();
    const stored = await app.call<{ items: { direction: string; channelKind: string; authorContactId: string }[] }>(
      "GET",
      `/signals/${signal?.id}/conversation`,
    );
    expect(stored.body.items).toMatchObject([
      { direction: "in", channelKind: "github", authorContactId: signal?.contactId },
    ]);
    // Edited on GitHub: the same message with the new text; deleted: gone from the conversation.
    const edited = example("issue_comment", "edited");
    (edited.comment as { body: string }).body = "It greets nobody, on every page.";
    await deliver(feedbackId, "issue_comment", edited);
    await work();
    const afterEdit = await app.call<{ items: { body: string; externalId: string }[] }>(
      "GET",
      `/signals/${signal?.id}/conversation`,
    );
    expect(afterEdit.body.items).toMatchObject([
      { body: "It greets nobody, on every page.", externalId: String((comment.comment as { id: number }).id) },
    ]);
    await deliver(feedbackId, "issue_comment", example("issue_comment", "deleted"));
    await work();
    expect((await app.call<{ items: unknown[] }>("GET", `/signals/${signal?.id}/conversation`)).body.items).toEqual([]);
    // Deleted stays deleted: the creation delivered again, or an edit arriving late, brings nothing back.
    await deliver(feedbackId, "issue_comment", comment);
    await deliver(feedbackId, "issue_comment", edited);
    await work();
    expect((await app.call<{ items: unknown[] }>("GET", `/signals/${signal?.id}/conversation`)).body.items).toEqual([]);

    // 2. The signal's pattern gets an improvement on the component; approved, its issue goes to GitHub.
    const pattern = await app.call<{ id: string }>("POST", "/patterns", { loopId, title: "Hello World is broken" });
    await app.call("POST", `/patterns/${pattern.body.id}/signals`, { signalIds: [signal?.id] });
    const improvement = await app.call<{ id: string }>("POST", "/improvements", {
      loopId,
      title: "Fix Hello World",
      what: "Make it greet.",
      componentIds: [componentId],
      patternIds: [pattern.body.id],
    });
    expect((await app.call("PATCH", `/improvements/${improvement.body.id}`, { status: "approved" })).status).toBe(200);
    await work();
    const created = github.requests.filter((r) => r.method === "POST" && r.path === `/repos/${repo}/issues`);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ authorization: `token ${token}`, body: { title: "Fix Hello World" } });
    expect(String(created[0]?.body?.body)).toContain("Make it greet.");
    const issues = await app.call<{ items: { id: string; number: number; status: string }[] }>(
      "GET",
      `/issues?improvementId=${improvement.body.id}`,
    );
    const number = issues.body.items[0]?.number;
    expect(number).toBeGreaterThan(0);

    // 3. A pull request that fixes it is merged (the real "closed" payload, merged, with "Fixes #N").
    const merged = example("pull_request", "closed");
    Object.assign(merged.pull_request as object, {
      merged: true,
      merged_at: "2019-05-15T15:20:33Z",
      body: `Greets again.\n\nFixes #${number}`,
    });
    expect((await deliver(componentChannelId, "pull_request", merged)).status).toBe(202);
    await work();
    const prs = await app.call<{ items: { status: string; issueIds: string[] }[] }>(
      "GET",
      `/pull-requests?componentId=${componentId}`,
    );
    expect(prs.body.items).toMatchObject([{ status: "merged", issueIds: [issues.body.items[0]?.id] }]);

    // 4. A release is a version with the merged pull request.
    await deliver(componentChannelId, "release", example("release", "published"));
    await work();
    const versions = await app.call<{ items: { name: string; pullRequestIds: string[] }[] }>(
      "GET",
      `/versions?componentId=${componentId}`,
    );
    expect(versions.body.items).toMatchObject([{ name: "0.0.1" }]);
    expect(versions.body.items[0]?.pullRequestIds).toHaveLength(1);

    // 5. A successful production deployment: snapback resolves the issue and comments on the original issue.
    const success = example("deployment_status");
    expect((success.deployment_status as { state: string }).state).toBe("success");
    await deliver(componentChannelId, "deployment_status", success);
    await work();
    const issue = await app.call("GET", `/issues/${issues.body.items[0]?.id}`);
    expect(issue.body).toMatchObject({ status: "resolved" });
    const thread = github.comments(`${repo}#${(opened.issue as { number: number }).number}`);
    expect(thread).toHaveLength(1);
    expect(thread[0]?.body).toContain("@Codertocat");
    expect(thread[0]?.body).toContain("<!-- loopwork:");
    const posted = github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/comments"));
    expect(posted.every((r) => r.authorization === `token ${token}`)).toBe(true);

    // A retry of the delivered comment (a crash before it was recorded) finds it and posts nothing.
    await app.db.query("update outbox set status = 'pending', next_attempt_at = now() where kind = 'notification'");
    await work();
    expect(github.comments(`${repo}#${(opened.issue as { number: number }).number}`)).toHaveLength(1);
    // The same deployment status delivered again (a new delivery id) notifies nobody twice.
    await deliver(componentChannelId, "deployment_status", success);
    await work();
    expect(github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/comments"))).toHaveLength(1);
  });

  it("answers a builder's reply to an issue's signal as a comment, refused as unreachable without a token", async () => {
    const opened = example("issues", "opened");
    Object.assign(opened.issue as object, { number: 4242, html_url: `https://github.com/${repo}/issues/4242` });
    await deliver(feedbackId, "issues", opened);
    await work();
    const found = await app.call<{ items: { id: string; threadRef: string }[] }>(
      "GET",
      `/signals?channelId=${feedbackId}`,
    );
    const signal = found.body.items.find((s) => s.threadRef.endsWith("/4242"));
    const reply = await app.call("POST", `/signals/${signal?.id}/replies`, { body: "Which browser do you use?" });
    expect(reply.status).toBe(202);
    await work();
    const thread = github.comments(`${repo}#4242`);
    expect(thread).toHaveLength(1);
    expect(thread[0]?.body).toContain("Which browser do you use?");
    const conversation = await app.call<{ items: { channelKind: string; status: string; externalId: string }[] }>(
      "GET",
      `/signals/${signal?.id}/conversation`,
    );
    expect(conversation.body.items).toEqual([
      expect.objectContaining({ channelKind: "github", status: "sent", externalId: String(thread[0]?.id) }),
    ]);
    // Without a token nothing could be posted: refused now, not dead-lettered later.
    await app.db.query("update channels set config = config - 'githubToken' where id = $1", [feedbackId]);
    const refused = await app.call("POST", `/signals/${signal?.id}/replies`, { body: "Hello?" });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "unreachable" } } });
    await app.db.query(
      "update channels set config = config || jsonb_build_object('githubToken', $2::text) where id = $1",
      [feedbackId, token],
    );
  });

  it("backfills a repository's open issues and pull requests once, page by page, set up from the CLI", async () => {
    const widgets = "acme/widgets";
    for (let i = 1; i <= 101; i++) github.addIssue(widgets, { title: `Old issue ${i}` });
    github.addPull(widgets, {
      number: 102,
      title: "Fix old issue 3",
      body: "Fixes #3 and closes acme/widgets#4",
      html_url: `https://github.com/${widgets}/pull/102`,
      state: "open",
    });
    const component = await app.call<{ id: string }>("POST", "/components", { slug: uniqueSlug("widgets"), name: "W" });
    const slug = uniqueSlug("gh-widgets");
    const added = await cliJson<{ id: string }>(
      app.url,
      [
        "channel",
        "add",
        slug,
        "--loop",
        loopId,
        "--kind",
        "github",
        "--repository",
        widgets,
        "--role",
        "component",
      ].concat([
        "--component",
        component.body.id,
        "--secret",
        secret,
        "--github-token",
        token,
        "--api-url",
        github.url,
      ]),
      { token: app.adminToken },
    );
    expect(added.id).toBeTruthy();
    const first = await runCli(app.url, ["github", "backfill", slug], { token: app.adminToken });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain("Backfill queued");
    await work();
    const pages = github.requests.filter((r) => r.path === `/repos/${widgets}/issues`);
    expect(pages).toHaveLength(2);
    const count = await app.db.query<{ n: string }>("select count(*) as n from issues where component_id = $1", [
      component.body.id,
    ]);
    expect(Number(count[0]?.n)).toBe(101);
    const prs = await app.call<{ items: { number: number; issueIds: string[] }[] }>(
      "GET",
      `/pull-requests?componentId=${component.body.id}`,
    );
    expect(prs.body.items).toMatchObject([{ number: 102 }]);
    expect(prs.body.items[0]?.issueIds).toHaveLength(2);
    // Once: asking again imports nothing more.
    const again = await runCli(app.url, ["github", "backfill", slug], { token: app.adminToken });
    expect(again.stdout).toContain("already");
    await work();
    expect(github.requests.filter((r) => r.path === `/repos/${widgets}/issues`)).toHaveLength(2);
  });

  it("applies a captured delivery once, whatever X-GitHub-Delivery a replay carries (GitHub does not sign it)", async () => {
    const commentId = randomInt(1, 2 ** 40);
    const first = commentEvent(commentId, "created", "It greets the world.");
    const edited = commentEvent(commentId, "edited", "It greets nobody.");
    const final = commentEvent(commentId, "edited", "It greets nobody, on every page.");
    const editDelivery = randomUUID();
    // Each applied before the next is sent: the worker may apply rows due together in any order.
    for (const [payload, delivery] of [[first], [edited, editDelivery], [final]] as const) {
      expect((await deliver(feedbackId, "issue_comment", payload, { delivery })).status).toBe(202);
      await work();
    }
    const before = await outboxCount();
    // The old edit's signed bytes sent again: under a fresh delivery id (a replay), and under its own (a redelivery).
    const replay = await deliver(feedbackId, "issue_comment", edited);
    expect(replay).toMatchObject({ status: 200, body: { status: "duplicate" } });
    const redelivery = await deliver(feedbackId, "issue_comment", edited, { delivery: editDelivery });
    expect(redelivery).toMatchObject({ status: 200, body: { status: "duplicate" } });
    await work();
    expect(await outboxCount()).toBe(before);
    const [message] = await app.db.query<{ body: string }>(
      "select body from messages where channel_kind = 'github' and raw->>'commentId' = $1",
      [String(commentId)],
    );
    expect(message?.body).toBe("It greets nobody, on every page.");
  });

  it("forgets an applied delivery's body after the retention window, and still refuses its replay and redelivery", async () => {
    const commentId = randomInt(1, 2 ** 40);
    const edited = commentEvent(commentId, "edited", "It waves.");
    const deliveries = [randomUUID(), randomUUID(), randomUUID()];
    const sent = [
      commentEvent(commentId, "created", "It greets."),
      edited,
      commentEvent(commentId, "edited", "It bows."),
    ];
    for (const [i, payload] of sent.entries()) {
      expect((await deliver(feedbackId, "issue_comment", payload, { delivery: deliveries[i] })).status).toBe(202);
      await work();
    }
    const keys = deliveries.map((delivery) => `github:${feedbackId}:${delivery}`);
    const bodies = async () =>
      (
        await app.db.query<{ body: boolean }>(
          "select payload ? 'body' as body from outbox where idempotency_key = any($1::text[]) order by id",
          [keys],
        )
      ).map((row) => row.body);
    expect(await bodies()).toEqual([true, true, true]);
    // The first two were applied 31 days ago; the worker's upkeep keeps bodies for 30.
    await app.db.query(
      "update outbox set delivered_at = now() - interval '31 days' where idempotency_key = any($1::text[])",
      [keys.slice(0, 2)],
    );
    const done = await maintainDatabase(app.db, { githubBodyDays: 30 });
    expect(done.githubBodiesForgotten).toBe(2);
    expect(await bodies()).toEqual([false, false, true]);
    // The old edit sent again, under a fresh id and under its own: still a duplicate, applied never again.
    const before = await outboxCount();
    expect(await deliver(feedbackId, "issue_comment", edited)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    expect(await deliver(feedbackId, "issue_comment", edited, { delivery: deliveries[1] })).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    await work();
    expect(await outboxCount()).toBe(before);
    const [message] = await app.db.query<{ body: string }>(
      "select body from messages where channel_kind = 'github' and raw->>'commentId' = $1",
      [String(commentId)],
    );
    expect(message?.body).toBe("It bows.");
  });

  it("refuses a captured edit as stale once it is older than the 30-day replay window, after its hash was forgotten", async () => {
    const day = 86_400_000;
    const commentId = randomInt(1, 2 ** 40);
    const hashes = async () =>
      Number((await app.db.query<{ n: string }>("select count(*) as n from github_delivery_bodies"))[0]?.n);
    expect((await deliver(feedbackId, "issue_comment", commentEvent(commentId, "created", "It greets."))).status).toBe(
      202,
    );
    // An edit made 29 days ago (inside the window), then a newer one.
    const edited = changedAt(commentEvent(commentId, "edited", "It waves."), new Date(Date.now() - 29 * day));
    expect((await deliver(feedbackId, "issue_comment", edited)).status).toBe(202);
    await work();
    expect((await deliver(feedbackId, "issue_comment", commentEvent(commentId, "edited", "It bows."))).status).toBe(
      202,
    );
    await work();
    // Inside the window the old edit's bytes are refused by their hash.
    expect(await deliver(feedbackId, "issue_comment", edited)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    // 32 days on: the worker's upkeep forgets hashes older than 31 days, so the table stops growing ...
    const sha = createHash("sha256").update(JSON.stringify(edited)).digest();
    await app.db.query(
      "update github_delivery_bodies set received_at = now() - interval '32 days' where channel_id = $1 and body_sha256 = $2",
      [feedbackId, sha],
    );
    const before = await hashes();
    expect((await maintainDatabase(app.db, { githubBodyDays: 30 })).githubBodyHashesForgotten).toBeGreaterThanOrEqual(
      1,
    );
    expect(await hashes()).toBeLessThan(before);
    // ... and the old edit, sent again then, is stale by the time its signed body names: nothing queued.
    const outbox = await outboxCount();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3 * day });
    try {
      expect(await deliver(feedbackId, "issue_comment", edited)).toMatchObject({
        status: 200,
        body: { status: "stale" },
      });
    } finally {
      vi.useRealTimers();
    }
    await work();
    expect(await outboxCount()).toBe(outbox);
    const [message] = await app.db.query<{ body: string }>(
      "select body from messages where channel_kind = 'github' and raw->>'commentId' = $1",
      [String(commentId)],
    );
    expect(message?.body).toBe("It bows.");
    // An event that old is refused the first time too: GitHub redelivers for 3 days only.
    const old = changedAt(example("issues", "opened"), new Date(Date.now() - 31 * day));
    expect(await deliver(feedbackId, "issues", old)).toMatchObject({ status: 200, body: { status: "stale" } });
    expect(await outboxCount()).toBe(outbox);
  });

  it("verifies the bytes as sent, and answers a signed empty or non-UTF-8 body as JSON it is or is not", async () => {
    const emptySignature = `sha256=${createHmac("sha256", secret).update("").digest("hex")}`;
    const empty = await deliver(feedbackId, "issues", null, { raw: "", signature: emptySignature });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: "invalid_json", path: "body" } } });
    // A byte that is no UTF-8 (0xff) inside a string: signed over the bytes, it verifies; kept as U+FFFD.
    const bytes = Buffer.concat([Buffer.from('{"zen": "a'), Buffer.from([0xff]), Buffer.from('", "hook_id": 1}')]);
    const signature = `sha256=${createHmac("sha256", secret).update(bytes).digest("hex")}`;
    const response = await fetch(`${app.url}/channels/${feedbackId}/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature,
      },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "pong" });
  });

  it("acknowledges and ignores events it does not map, digits in their names too", async () => {
    const before = await outboxCount();
    const item = await deliver(feedbackId, "projects_v2_item", { action: "created", projects_v2_item: { id: 1 } });
    expect(item).toMatchObject({ status: 200, body: { status: "ignored", event: "projects_v2_item" } });
    expect(await outboxCount()).toBe(before);
  });

  it("keeps an issue whose text holds a NUL or half an emoji: those characters replaced, not the delivery refused", async () => {
    const opened = example("issues", "opened");
    const issue = opened.issue as { id: number; number: number; title: string; body: string | null; html_url: string };
    Object.assign(issue, {
      id: issue.id + 1_000_000,
      number: issue.number + 1_000_000,
      html_url: `${issue.html_url}000000`,
      title: "Crash report \ud83d",
      body: "The dump:\u0000 then nothing.",
    });
    expect(await deliver(feedbackId, "issues", opened)).toMatchObject({ status: 202, body: { status: "queued" } });
    await work();
    const [signal] = await app.db.query<{ title: string; body: string }>(
      "select title, body from signals where title like 'Crash report%'",
    );
    expect(signal).toEqual({ title: "Crash report \ufffd", body: "The dump:\ufffd then nothing." });
  });

  it("takes a delivery form-encoded, GitHub's default content type, as it takes JSON", async () => {
    const opened = example("issues", "opened");
    const issue = opened.issue as { number: number; html_url: string; title: string };
    issue.number = 7001;
    issue.html_url = `https://github.com/${repo}/issues/7001`;
    issue.title = "Sent as a form";
    const queued = await deliver(feedbackId, "issues", opened, { form: true });
    expect(queued).toMatchObject({ status: 202, body: { status: "queued" } });
    await work();
    const signals = await app.call<{ items: { title: string; threadRef: string }[] }>(
      "GET",
      `/signals?channelId=${feedbackId}`,
    );
    expect(signals.body.items.find((s) => s.threadRef.endsWith("/7001"))?.title).toBe("Sent as a form");
    // Signed, but with no payload field: said so, nothing queued.
    const before = await outboxCount();
    const empty = await deliver(feedbackId, "issues", null, { form: true, raw: "action=opened" });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "body.payload" } } });
    expect(await outboxCount()).toBe(before);
  });

  it("takes no signal of an issue Loopwork opened itself when the repository is also a feedback channel", async () => {
    // The repository is both (docs/CHANNELS.md: "One repository may be both: add two channels"): the issue
    // Loopwork opens for an approved improvement comes back to the feedback channel's webhook as opened.
    const improvement = await app.call<{ id: string }>("POST", "/improvements", {
      loopId,
      title: "Greet in every language",
      what: "Say hello in the reader's language.",
      componentIds: [componentId],
    });
    await app.call("PATCH", `/improvements/${improvement.body.id}`, { status: "approved" });
    await work();
    const created = github.requests.filter(
      (r) => r.method === "POST" && r.path === `/repos/${repo}/issues` && r.body?.title === "Greet in every language",
    );
    expect(created).toHaveLength(1);
    const [issue] = (
      await app.call<{ items: { number: number; url: string }[] }>(
        "GET",
        `/issues?improvementId=${improvement.body.id}`,
      )
    ).body.items;
    const opened = example("issues", "opened");
    Object.assign(opened.issue as object, {
      number: issue?.number,
      html_url: issue?.url,
      title: created[0]?.body?.title,
      body: created[0]?.body?.body,
    });
    for (const channel of [feedbackId, componentChannelId]) {
      expect(await deliver(channel, "issues", opened)).toMatchObject({ status: 202 });
    }
    await work();
    const signals = await app.call<{ items: { title: string }[] }>("GET", `/signals?channelId=${feedbackId}`);
    expect(signals.body.items.map((s) => s.title)).not.toContain("Greet in every language");
    const [outcome] = await app.db.query<{ result: string }>(
      `select payload->>'result' as result from outbox
        where kind = 'github_event' and payload->>'channelId' = $1 order by id desc limit 1`,
      [feedbackId],
    );
    expect(outcome?.result).toMatch(/Loopwork's own issue/);
    // Nor a comment on it (a builder discussing the work), which would make the issue's signal first.
    const comment = example("issue_comment", "created");
    Object.assign(comment.issue as object, {
      number: issue?.number,
      html_url: issue?.url,
      title: created[0]?.body?.title,
      body: created[0]?.body?.body,
    });
    Object.assign(comment.comment as object, { id: 880_001, body: "Starting on this today." });
    expect(await deliver(feedbackId, "issue_comment", comment)).toMatchObject({ status: 202 });
    await work();
    const after = await app.call<{ items: { title: string }[] }>("GET", `/signals?channelId=${feedbackId}`);
    expect(after.body.items.map((s) => s.title)).not.toContain("Greet in every language");
  });

  it("keeps a deployment of a branch on the release it started with when a tag arrives before its success", async () => {
    const tag = (name: string) => {
      const created = example("create");
      Object.assign(created, { ref: name, ref_type: "tag" });
      return deliver(componentChannelId, "create", created);
    };
    const id = 990_001;
    await tag("v9.0.0");
    await work();
    const started = example("deployment");
    Object.assign(started.deployment as object, { id, ref: "main", environment: "production" });
    await deliver(componentChannelId, "deployment", started);
    await work();
    // A newer tag while it runs: "main" would now mean v9.1.0.
    await tag("v9.1.0");
    await work();
    const finished = example("deployment_status");
    Object.assign(finished.deployment as object, { id, ref: "main", environment: "production" });
    Object.assign(finished.deployment_status as object, { state: "success" });
    await deliver(componentChannelId, "deployment_status", finished);
    await work();
    const failed = await app.db.query(
      "select last_error from outbox where kind = 'github_event' and last_error is not null",
    );
    expect(failed).toEqual([]);
    const deployments = await app.db.query<{ status: string; versions: string[] }>(
      `select d.status, array(select v.name from release_versions rv join versions v on v.id = rv.version_id
                               where rv.release_id = d.release_id) as versions
         from deployments d where d.external_id like $1`,
      [`github:${id}:%`],
    );
    expect(deployments).toEqual([{ status: "success", versions: ["v9.0.0"] }]);
  });

  it("applies every example GitHub documents for the events it maps, to both kinds of channel, without a failure", async () => {
    const mapped: readonly string[] = githubEvents;
    let delivered = 0;
    for (const definition of githubExamples.filter((d) => mapped.includes(d.name))) {
      for (const payload of definition.examples.map((x) => changedAt(structuredClone(x)))) {
        for (const channel of [feedbackId, componentChannelId]) {
          const answer = await deliver(channel, definition.name, payload);
          expect({ event: definition.name, action: payload.action, status: answer.status }).toMatchObject({
            status: expect.toSatisfy((s: number) => s === 200 || s === 202),
          });
          delivered++;
        }
      }
    }
    expect(delivered).toBeGreaterThan(100);
    await work();
    const failed = await app.db.query<{ key: string; error: string }>(
      `select idempotency_key as key, last_error as error from outbox
        where kind = 'github_event' and (status = 'dead' or last_error is not null)`,
    );
    expect(failed).toEqual([]);
  });
});
