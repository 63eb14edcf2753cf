import { randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer, emailInConfig, smtpClient } from "../email/email-fixtures.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";
import { githubExample as example } from "../helpers/github-examples.js";
import { startLoopbackGithub } from "../helpers/loopback-github.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";

// The whole loop driven only by integrations (issue #12, Acceptance): email in over SMTP, GitHub webhooks
// (real payloads, signed), the stand-in GitHub API, the answers out over real SMTP and as issue comments.
const secret = "a-github-webhook-secret-of-32-chars";
const token = "ghp_loopbacktoken0123456789";
const repo = "Codertocat/Hello-World";

let app: TestApp;
let outgoing: LoopbackSmtp;
let github: Awaited<ReturnType<typeof startLoopbackGithub>>;
const address = `${uniqueSlug("help")}@acme.example`;

beforeAll(async () => {
  outgoing = await startLoopbackSmtp();
  github = await startLoopbackGithub(token);
  app = await startTestApp({
    roles: { web: true, worker: true },
    smtpUrl: outgoing.url,
    emailFrom: "Acme Support <loopwork@acme.example>",
    emailIn: emailInConfig(),
  });
});
afterAll(async () => {
  await app?.stop();
  await outgoing?.close();
  await github?.close();
});

/** Posts a payload to a channel's GitHub endpoint as GitHub does: signed with the channel's secret. */
async function deliver(channelId: string, event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${app.url}/channels/${channelId}/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await new Webhooks({ secret }).sign(body),
    },
    body,
  });
  expect(response.status).toBe(202);
  // The worker applies it from the outbox: wait until no GitHub delivery is left to apply (a failed one
  // shows with its error).
  await expect
    .poll(
      () =>
        app.db.query(
          "select status, attempts, last_error from outbox where kind = 'github_event' and status <> 'delivered'",
        ),
      { timeout: 15_000 },
    )
    .toEqual([]);
}

type Entry = {
  type: string;
  direction: string;
  channelKind: string;
  status: string;
  body: string;
  externalId: string | null;
};
const conversation = async (signalId: string) =>
  (await app.call<{ items: Entry[] }>("GET", `/signals/${signalId}/conversation`)).body.items;

describe(`the loop driven only by integrations (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("email and GitHub issue in → pattern → GitHub issue → merged, released, deployed → answers in both threads", async () => {
    const loopId = String((await app.call("POST", "/loops", { slug: uniqueSlug("core"), name: "Core" })).body.id);
    const componentId = String(
      (await app.call("POST", "/components", { slug: uniqueSlug("hello"), name: "Hello" })).body.id,
    );
    await app.call("POST", "/products", { loopId, slug: uniqueSlug("app"), name: "App", componentIds: [componentId] });
    const channel = async (slug: string, kind: string, config: Record<string, unknown>) => {
      const made = await app.call("POST", "/channels", { loopId, slug: uniqueSlug(slug), name: slug, kind, config });
      expect(made.status).toBe(201);
      return String(made.body.id);
    };
    const emailId = await channel("help", "email", { address });
    const githubConfig = { repository: repo, webhookSecret: secret, githubToken: token, githubApiUrl: github.url };
    const feedbackId = await channel("gh-feedback", "github", { ...githubConfig, githubRole: "feedback" });
    const codeId = await channel("gh-code", "github", { ...githubConfig, githubRole: "component", componentId });

    // 1. A customer writes to support over SMTP: a signal.
    const ana = customer();
    const opening = await smtpClient(Number(app.smtpInPort)).sendMail({
      from: `Ana Lima <${ana}>`,
      to: address,
      subject: "Hello World does not greet",
      text: "The greeting is empty since Monday.",
    });
    const bySmtp = await app.call<{ items: { id: string }[] }>("GET", `/signals?channelId=${emailId}`);
    const emailSignal = bySmtp.body.items[0]?.id ?? "";
    expect(bySmtp.body.items).toHaveLength(1);

    // 2. Someone opens an issue on the feedback repository, and comments on it: a signal, its conversation.
    const opened = example("issues", "opened");
    await deliver(feedbackId, "issues", opened);
    await deliver(feedbackId, "issue_comment", example("issue_comment", "created"));
    const byGithub = await app.call<{ items: { id: string }[] }>("GET", `/signals?channelId=${feedbackId}`);
    const githubSignal = byGithub.body.items[0]?.id ?? "";
    const issueKey = `${repo}#${(opened.issue as { number: number }).number}`;
    expect((await conversation(githubSignal)).map((e) => [e.type, e.direction, e.channelKind])).toEqual([
      ["message", "in", "github"],
    ]);

    // A builder answers it: a comment on the issue, once, known afterwards by the comment's id.
    const reply = await app.call("POST", `/signals/${githubSignal}/replies`, { body: "Thanks, we can reproduce it." });
    expect(reply.status).toBe(202);
    await expect.poll(() => github.comments(issueKey).length).toBe(1);
    expect(github.comments(issueKey)[0]?.body).toContain("Thanks, we can reproduce it.");
    await expect
      .poll(async () => (await conversation(githubSignal)).map((e) => e.status))
      .toEqual(["received", "sent"]);
    const posted = github.comments(issueKey)[0];
    expect((await conversation(githubSignal))[1]?.externalId).toBe(String(posted?.id));
    // Its delivery retried (a crash before it was recorded): the marker is found, nothing is posted again.
    await app.db.query("update outbox set status = 'pending', next_attempt_at = now() where kind = 'reply'");
    await app.db.query("select pg_notify('loopwork_outbox', '')");
    await expect
      .poll(
        async () => (await app.db.query("select 1 from outbox where kind = 'reply' and status <> 'delivered'")).length,
      )
      .toBe(0);
    expect(github.comments(issueKey)).toHaveLength(1);
    // GitHub's webhook of that comment (it carries Loopwork's marker) is not taken in as the person's.
    const echoed = example("issue_comment", "created");
    Object.assign(echoed.comment as object, { id: posted?.id, body: posted?.body });
    await deliver(feedbackId, "issue_comment", echoed);
    expect(await conversation(githubSignal)).toHaveLength(2);

    // 3. Both go to one pattern; its improvement on the component is approved: an issue on GitHub.
    const pattern = await app.call("POST", "/patterns", { loopId, title: "Hello World is broken" });
    await app.call("POST", `/patterns/${pattern.body.id}/signals`, { signalIds: [emailSignal, githubSignal] });
    const improvement = await app.call("POST", "/improvements", {
      loopId,
      title: "Fix Hello World",
      what: "Make it greet.",
      componentIds: [componentId],
      patternIds: [pattern.body.id],
    });
    expect((await app.call("PATCH", `/improvements/${improvement.body.id}`, { status: "approved" })).status).toBe(200);
    await expect
      .poll(() => github.requests.filter((r) => r.method === "POST" && r.path === `/repos/${repo}/issues`).length)
      .toBe(1);
    let number = 0;
    await expect
      .poll(async () => {
        const issues = await app.call<{ items: { number: number | null }[] }>(
          "GET",
          `/issues?improvementId=${improvement.body.id}`,
        );
        number = issues.body.items[0]?.number ?? 0;
        return number;
      })
      .toBeGreaterThan(0);

    // 4. The fix is merged ("Fixes #N"), released and deployed to production — all by webhooks.
    const merged = example("pull_request", "closed");
    Object.assign(merged.pull_request as object, {
      merged: true,
      merged_at: "2019-05-15T15:20:33Z",
      body: `Greets again.\n\nFixes #${number}`,
    });
    await deliver(codeId, "pull_request", merged);
    await deliver(codeId, "release", example("release", "published"));
    await deliver(codeId, "deployment_status", example("deployment_status"));

    // 5. Snapback: a threaded email reaches the customer, a comment the issue.
    await expect.poll(() => outgoing.messages.length, { timeout: 15_000 }).toBe(1);
    const told = outgoing.messages[0];
    expect(told?.inReplyTo).toBe(opening.messageId);
    expect(told?.to && !Array.isArray(told.to) ? told.to.value[0]?.address : undefined).toBe(ana);
    await expect.poll(() => github.comments(issueKey).length, { timeout: 15_000 }).toBe(2);
    expect(github.comments(issueKey)[1]?.body).toContain("@Codertocat");

    // 6. The customer answers the notification: it joins the conversation of their signal.
    await smtpClient(Number(app.smtpInPort)).sendMail({
      from: ana,
      to: address,
      subject: `Re: ${told?.subject ?? ""}`,
      inReplyTo: told?.messageId,
      references: [opening.messageId, told?.messageId ?? ""],
      text: "Yes, it greets again. Thank you!",
    });
    await expect
      .poll(async () => (await conversation(emailSignal)).map((e) => [e.type, e.direction, e.body]))
      .toEqual([
        ["message", "in", "The greeting is empty since Monday."],
        ["snapback", "out", ""],
        ["message", "in", "Yes, it greets again. Thank you!"],
      ]);
    expect((await app.call<{ items: unknown[] }>("GET", `/signals?channelId=${emailId}`)).body.items).toHaveLength(1);

    // 7. The outbox keeps what to deliver, never what was said: ids and what the worker learnt. Every
    // kind this loop wrote (replies, notifications, GitHub issues) but an inbound GitHub delivery, whose
    // body is its input until the worker's upkeep drops it (docs/SECURITY.md "What the outbox keeps").
    const kept = await app.db.query<{ kind: string; payload: string }>(
      "select kind, coalesce(payload::text, '') as payload from outbox where kind <> 'github_event'",
    );
    expect(new Set(kept.map((row) => row.kind))).toEqual(new Set(["reply", "notification", "github_issue"]));
    for (const said of [ana, "greeting", "reproduce", "greets again", "Hello World", secret, token]) {
      expect(kept.filter((row) => row.payload.includes(said))).toEqual([]);
    }
  });
});
