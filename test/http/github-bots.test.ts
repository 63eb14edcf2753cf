import { randomInt, randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/jobs/deliver-due.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";
import { githubExample as example, githubExamples } from "../helpers/github-examples.js";
import { startLoopbackGithub } from "../helpers/loopback-github.js";

const secret = "a-github-webhook-secret-of-32-chars";
const repo = "Codertocat/Hello-World";
const token = "ghp_loopbacktoken0123456789";

/** A real bot account as GitHub sends it: renovate[bot], the sender of a documented workflow_job event. */
const renovate = (() => {
  const payloads = githubExamples.find((e) => e.name === "workflow_job")?.examples ?? [];
  const sender = payloads.map((p) => p.sender as { login: string; type: string }).find((s) => s.type === "Bot");
  if (!sender) throw new Error("no bot among the workflow_job examples");
  return sender;
})();

let app: TestApp;
let github: Awaited<ReturnType<typeof startLoopbackGithub>>;
let loopId: string;
let channelId: string;
const work = async () => {
  const config = { publicUrl: app.url, emailFrom: "Loopwork <loopwork@loop.example>" };
  while ((await deliverDue(app.db, config, 20)) > 0);
};

beforeAll(async () => {
  app = await startTestApp();
  github = await startLoopbackGithub(token);
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("core"), name: "Core" })).body.id;
  channelId = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: uniqueSlug("gh-feedback"),
      name: "GitHub issues",
      kind: "github",
      config: { repository: repo, webhookSecret: secret, githubRole: "feedback" },
    })
  ).body.id;
});
afterAll(async () => {
  await app?.stop();
  await github?.close();
});

async function deliver(event: string, payload: unknown) {
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
}

/** A documented `issues opened` event for a new issue by `author`. */
function issueBy(author: object, number = randomInt(10_000, 1_000_000)) {
  const payload = example("issues", "opened");
  const issue = payload.issue as { html_url: string };
  Object.assign(issue, {
    number,
    user: author,
    title: `Issue ${number}`,
    html_url: issue.html_url.replace(/\d+$/, String(number)),
  });
  Object.assign(payload, { sender: author });
  return payload;
}

/** A documented `issue_comment created` event by `author` on the issue of `opened`. */
function commentBy(author: object, opened: Record<string, unknown>, text: string) {
  const payload = example("issue_comment", "created");
  Object.assign(payload, { issue: opened.issue, sender: author });
  Object.assign(payload.comment as object, { id: randomInt(1, 2 ** 40), body: text, user: author });
  return payload;
}

const signalTitles = async () =>
  (await app.db.query<{ title: string }>("select title from signals where channel_id = $1", [channelId])).map(
    (s) => s.title,
  );

describe(`GitHub bots on a feedback repository (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("takes no signal of a bot's issue, nor of a comment on it, and says so in the channel's health", async () => {
    const person = (example("issues", "opened").issue as { user: object }).user;
    const botIssue = issueBy(renovate);
    await deliver("issues", botIssue);
    // A person commenting on the bot's issue must not make it a signal either.
    await deliver("issue_comment", commentBy(person, botIssue, "Please merge this update."));
    await work();
    expect(await signalTitles()).not.toContain((botIssue.issue as { title: string }).title);

    const health = await app.call<{ recentErrors: { code: string; reason: string }[] }>(
      "GET",
      `/channels/${channelId}/health`,
    );
    expect(health.body.recentErrors).toEqual([
      expect.objectContaining({
        code: "github_bot",
        reason: `Ignored issues opened by the bot ${renovate.login}, and the comments on them: a bot's issue is no customer's report.`,
      }),
    ]);
    const contacts = await app.db.query("select 1 from contacts where github_login = $1", [renovate.login]);
    expect(contacts).toHaveLength(0);
  });

  it("keeps a person's issue and comment, but not a bot's comment on it (nor a contact for the bot)", async () => {
    const person = (example("issues", "opened").issue as { user: object }).user;
    const opened = issueBy(person);
    await deliver("issues", opened);
    await deliver("issue_comment", commentBy(person, opened, "It happens on every page."));
    await deliver("issue_comment", commentBy(renovate, opened, "This issue has been marked stale."));
    await work();
    expect(await signalTitles()).toContain((opened.issue as { title: string }).title);
    const messages = await app.db.query<{ body: string }>(
      `select m.body from messages m join signals s on s.id = m.signal_id
        where s.channel_id = $1 and s.external_id = $2 and m.channel_kind = 'github'`,
      [channelId, `issue:${(opened.issue as { number: number }).number}`],
    );
    expect(messages.map((m) => m.body)).toEqual(["It happens on every page."]);
    const contacts = await app.db.query("select 1 from contacts where github_login = $1", [renovate.login]);
    expect(contacts).toHaveLength(0);
    const health = await app.call<{ recentErrors: { code: string; reason: string }[] }>(
      "GET",
      `/channels/${channelId}/health`,
    );
    expect(health.body.recentErrors).toContainEqual(
      expect.objectContaining({
        code: "github_bot",
        reason: `Ignored comments by the bot ${renovate.login}: a bot is not the customer.`,
      }),
    );
  });

  it("imports a person's open issue in a backfill, not a bot's (the REST list may say only its [bot] login)", async () => {
    const repository = `acme/${randomUUID().slice(0, 8)}`;
    github.addIssue(repository, { title: "Dark mode forgets itself", user: { login: "ana-lima" } });
    github.addIssue(repository, { title: "Update dependency vitest to v4", user: { login: "dependabot[bot]" } });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: uniqueSlug("gh-backfill"),
      name: "GitHub backfill",
      kind: "github",
      config: {
        repository,
        webhookSecret: secret,
        githubRole: "feedback",
        githubToken: token,
        githubApiUrl: github.url,
      },
    });
    expect(channel.status).toBe(201);
    expect((await app.call("POST", `/channels/${channel.body.id}/github/backfill`)).status).toBeLessThan(300);
    await work();
    const titles = await app.db.query<{ title: string }>("select title from signals where channel_id = $1", [
      channel.body.id,
    ]);
    expect(titles.map((t) => t.title)).toEqual(["Dark mode forgets itself"]);
    const health = await app.call<{ recentErrors: { code: string; reason: string }[] }>(
      "GET",
      `/channels/${channel.body.id}/health`,
    );
    expect(health.body.recentErrors).toEqual([
      expect.objectContaining({ code: "github_bot", reason: expect.stringContaining("dependabot[bot]") }),
    ]);
  });
});
