import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

const site = "https://shop.example.com";
let app: TestApp;
let channelId: string;

beforeAll(async () => {
  // Behind a proxy: each test sends from addresses of its own (X-Forwarded-For), so limits do not mix.
  app = await startTestApp({ widgetLimit: 4, trustProxy: true });
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "shop", name: "Shop" });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: "widget",
    name: "Feedback widget",
    kind: "widget",
    config: { widgetOrigins: [site] },
  });
  channelId = channel.body.id;
});
afterAll(async () => app?.stop());

const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;

/** Posts the widget's form as the browser does (url-encoded, with the page's Origin) from one address. */
async function send(
  fields: Record<string, string>,
  options: { origin?: string; from?: string; channel?: string } = {},
) {
  const form = { submission: randomUUID(), openedAt: String(Date.now() - 30_000), ...fields };
  const response = await fetch(`${app.url}/channels/${options.channel ?? channelId}/widget`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: options.origin ?? site,
      "x-forwarded-for": options.from ?? randomAddress(),
    },
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { received?: boolean; error?: { code: string; path?: string } },
  };
}

async function signalsFrom(email: string) {
  return app.db.query<{ title: string; body: string; raw: { page: string } }>(
    "select s.title, s.body, s.raw from signals s join contacts c on c.id = s.contact_id where c.email = $1",
    [email],
  );
}

describe(`feedback widget (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("serves a script other sites may load, and that sets no cookie", async () => {
    const response = await fetch(`${app.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain('credentials: "omit"');
  });

  it("turns a person's message into a signal of theirs, once however often it is sent", async () => {
    const email = `ana-${randomUUID()}@customer.example`;
    const submission = randomUUID();
    const fields = {
      email,
      name: "Ana",
      message: "Checkout button does nothing on iPad\nTapped it three times.",
      page: `${site}/checkout`,
      submission,
    };
    const first = await send(fields, { from: "10.9.9.9" });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ received: true });
    expect(first.headers.get("access-control-allow-origin")).toBe(site);
    expect(first.headers.get("set-cookie")).toBeNull();
    expect((await send(fields, { from: "10.9.9.9" })).status).toBe(201);
    const signals = await signalsFrom(email);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      title: "Checkout button does nothing on iPad",
      body: fields.message,
      raw: { page: `${site}/checkout` },
    });
  });

  it("refuses another message under a submission id already taken (a site's own form reusing one), keeping the first", async () => {
    // A site's own form that sends one fixed id: the second person's message must not be thanked and dropped.
    const submission = `contact-form-${randomUUID().slice(0, 8)}`;
    const first = `first-${randomUUID()}@customer.example`;
    const second = `second-${randomUUID()}@customer.example`;
    expect(await send({ email: first, message: "Coupon code rejected", submission })).toMatchObject({ status: 201 });
    for (const fields of [
      { email: second, message: "Delivery never arrived", submission },
      { email: first, message: "Also: the invoice is wrong", submission },
    ]) {
      const refused = await send(fields);
      expect(refused).toMatchObject({ status: 409, body: { error: { code: "conflict", path: "body.submission" } } });
      expect(refused.headers.get("access-control-allow-origin")).toBe(site);
    }
    expect(await signalsFrom(first)).toMatchObject([{ body: "Coupon code rejected" }]);
    expect(await signalsFrom(second)).toEqual([]);
    // The same message again (a double click, a retry after a lost answer) is still the one signal.
    expect(await send({ email: first, message: "Coupon code rejected", submission })).toMatchObject({ status: 201 });
    expect(await signalsFrom(first)).toHaveLength(1);
  });

  it("cuts a long message's title between characters, never inside an emoji", async () => {
    const email = `emoji-${randomUUID()}@customer.example`;
    const message = `${"a".repeat(118)}😀${"b".repeat(20)}`;
    const sent = await send({ email, message });
    expect(sent).toMatchObject({ status: 201, body: { received: true } });
    const [signal] = await signalsFrom(email);
    expect(signal).toMatchObject({ title: `${"a".repeat(118)}…`, body: message });
  });

  it("refuses pages the channel does not list, and channels that are no widget", async () => {
    const email = `eve-${randomUUID()}@customer.example`;
    const foreign = await send({ email, message: "hello" }, { origin: "https://evil.example.com" });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: "origin_not_allowed", path: "headers.origin" });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const unknown = await send({ email, message: "hello" }, { channel: randomUUID() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("not_found");
    expect(await signalsFrom(email)).toHaveLength(0);
  });

  it("answers a program as it answers a person, and keeps nothing of it", async () => {
    const email = `bot-${randomUUID()}@spam.example`;
    const trapped = await send({ email, message: "cheap pills", website: "http://spam.example" });
    const instant = await send({ email, message: "cheap pills", openedAt: String(Date.now()) });
    expect([trapped.status, instant.status]).toEqual([201, 201]);
    expect(await signalsFrom(email)).toHaveLength(0);
  });

  it("refuses bad input with the field it is about", async () => {
    const noEmail = await send({ email: "not an address", message: "hi" });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error).toMatchObject({ code: "invalid_input", path: "body.email" });
    // The page may read the refusal (else its script could only say the server was unreachable).
    expect(noEmail.headers.get("access-control-allow-origin")).toBe(site);
    const empty = await send({ email: "a@b.example", message: "   " });
    expect(empty.status).toBe(400);
    const extra = await send({ email: "a@b.example", message: "hi", admin: "true" });
    expect(extra.status).toBe(400);
  });

  it("refuses a form field given twice, as a query parameter, rather than keeping the last", async () => {
    const form = new URLSearchParams({ message: "Checkout fails", submission: randomUUID() });
    form.append("email", "first@twice.example");
    form.append("email", "second@twice.example");
    const response = await fetch(`${app.url}/channels/${channelId}/widget`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: site,
        "x-forwarded-for": randomAddress(),
      },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({
      code: "invalid_input",
      path: "body.email",
      message: "body.email: Give it once, not 2 times.",
    });
    // It was a signal from the second address alone, the first dropped unsaid.
    expect(await signalsFrom("second@twice.example")).toEqual([]);
  });

  it("limits messages per address, and tells the page when to try again", async () => {
    const from = randomAddress();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await send({ email: `many-${i}@customer.example`, message: `report ${i}` }, { from });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
    expect(last?.body.error?.code).toBe("rate_limited");
    expect(last?.headers.get("access-control-allow-origin")).toBe(site);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not held back by the first.
    expect((await send({ email: "other@customer.example", message: "report" })).status).toBe(201);
  });
});

describe("feedback widget: JSON from another site's fetch (a CORS preflight first)", () => {
  /** The preflight a browser sends before a cross-origin POST of JSON. */
  const preflight = (origin: string, channel = channelId) =>
    fetch(`${app.url}/channels/${channel}/widget`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
  /** The POST that follows it: JSON, with the page's Origin. */
  const postJson = (body: unknown, from = randomAddress()) =>
    fetch(`${app.url}/channels/${channelId}/widget`, {
      method: "POST",
      headers: { origin: site, "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify(body),
    });

  it("answers the preflight of a page the channel allows, and only of such a page", async () => {
    const allowed = await preflight(site);
    expect(allowed.status).toBe(204);
    const headers = ["allow-origin", "allow-methods", "allow-headers", "max-age"].map((name) =>
      allowed.headers.get(`access-control-${name}`),
    );
    expect(headers).toEqual([site, "POST", "content-type", "600"]);
    expect(allowed.headers.get("set-cookie")).toBeNull();
    const foreign = await preflight("https://evil.example.com");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(site, randomUUID())).status).toBe(404);
  });

  it("takes the message as JSON, validated and limited as the form is", async () => {
    const email = `json-${randomUUID()}@customer.example`;
    const fields = {
      email,
      message: "Search forgets my filters",
      submission: randomUUID(),
      openedAt: Date.now() - 30_000,
    };
    const sent = await postJson(fields);
    expect(sent.status).toBe(201);
    expect(await sent.json()).toEqual({ received: true });
    expect(sent.headers.get("access-control-allow-origin")).toBe(site);
    expect(await signalsFrom(email)).toHaveLength(1);
    const bad = await postJson({ ...fields, email: "nobody", submission: randomUUID() });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: unknown }).error).toMatchObject({
      code: "invalid_input",
      path: "body.email",
    });
    expect(bad.headers.get("access-control-allow-origin")).toBe(site);
    const from = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postJson({ ...fields, submission: randomUUID() }, from)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });
});

describe("feedback widget: answers the server gives before the widget's own checks", () => {
  let small: TestApp;
  let smallChannel: string;
  beforeAll(async () => {
    // A write limit of 2 changes a minute and a 4 KB body limit, as an owner might set them. Behind a
    // proxy: a test that sends X-Forwarded-For counts against an address of its own.
    small = await startTestApp({ writeLimit: 2, bodyLimit: 4096, trustProxy: true });
    const loop = await small.call<{ id: string }>("POST", "/loops", { slug: "shop", name: "Shop" });
    const channel = await small.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: "widget",
      name: "Feedback widget",
      kind: "widget",
      config: { widgetOrigins: [site] },
    });
    smallChannel = channel.body.id;
  });
  afterAll(async () => small?.stop());

  const post = (message: string, origin = site, from?: string) =>
    fetch(`${small.url}/channels/${smallChannel}/widget`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin,
        ...(from ? { "x-forwarded-for": from } : {}),
      },
      body: new URLSearchParams({
        submission: randomUUID(),
        openedAt: String(Date.now() - 30_000),
        email: "ana@customer.example",
        message,
      }),
    });

  it("lets the page read a body-too-large and a write-limit refusal (else it could only say 'unreachable')", async () => {
    const large = await post("x".repeat(8000));
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    expect(large.headers.get("access-control-allow-origin")).toBe(site);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post(`report ${i}`);
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    if (!last) throw new Error("no answer");
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(last.headers.get("access-control-allow-origin")).toBe(site);
    // A page the channel does not allow still learns nothing it may read.
    const foreign = await post("x".repeat(8000), "https://evil.example.com");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("counts preflights against the write limit the posts count against: a flood of them is refused", async () => {
    const from = randomAddress();
    const preflight = (channel = smallChannel) =>
      fetch(`${small.url}/channels/${channel}/widget`, {
        method: "OPTIONS",
        headers: { origin: site, "access-control-request-method": "POST", "x-forwarded-for": from },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await preflight()).status);
    expect(statuses).toEqual([204, 204, 429]);
    // Refused before its channel is looked up: a made-up channel is not even a 404.
    const flooded = await preflight(randomUUID());
    expect(flooded.status).toBe(429);
    expect(((await flooded.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(Number(flooded.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same limit: the address's posts are held back too, another address's are not.
    expect((await post("after the flood", site, from)).status).toBe(429);
    expect((await post("from elsewhere", site, randomAddress())).status).toBe(201);
  });

  it("counts posts against the write limit before looking their channel up: a flood of made-up ids is refused", async () => {
    const from = randomAddress();
    const postTo = (channel: string) =>
      fetch(`${small.url}/channels/${channel}/widget`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: site, "x-forwarded-for": from },
        body: new URLSearchParams({ submission: randomUUID(), email: "bot@example.com", message: "hi" }),
      });
    const answers: { status: number; code: string; headers: Headers }[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await postTo(randomUUID());
      const { error } = (await answer.json()) as { error: { code: string } };
      answers.push({ status: answer.status, code: error.code, headers: answer.headers });
    }
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      [404, "not_found"],
      [404, "not_found"],
      [429, "rate_limited"],
      [429, "rate_limited"],
    ]);
    const last = answers[3] as (typeof answers)[number];
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    // No channel: nobody to let read the answer.
    expect(last.headers.get("access-control-allow-origin")).toBeNull();
    // The same limit: the address's posts to the real channel are held back too.
    expect((await post("after the flood", site, from)).status).toBe(429);
  });
});

describe("loopwork channel widget", () => {
  it("sets the sites allowed and prints the tag to paste", async () => {
    const { runCli } = await import("../cli/run-cli.js");
    const run = await runCli(app.url, ["channel", "widget", "widget", "--origin", "https://docs.example.com"], {
      token: app.adminToken,
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(`<script src="${app.url}/widget.js" data-channel="${channelId}" async></script>`);
    const shown = await app.call<{ config: { widgetOrigins: string[] } }>("GET", `/channels/${channelId}`);
    expect(shown.body.config.widgetOrigins).toEqual(["https://docs.example.com"]);
    // The new list replaced the old one: the first site may no longer post.
    expect((await send({ email: "x@customer.example", message: "hi" })).body.error?.code).toBe("origin_not_allowed");
  });

  it("refuses a channel of another kind (its tag would be refused on every page), and says when no site may post", async () => {
    const { runCliHere } = await import("../cli/run-cli.js");
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "desk", name: "Desk" });
    const made = (slug: string, kind: string) =>
      app.call("POST", "/channels", { loopId: loop.body.id, slug, name: slug, kind }).then((r) => r.status);
    expect([await made("desk-mail", "email"), await made("desk-form", "widget")]).toEqual([201, 201]);
    const token = app.adminToken;
    const mail = await runCliHere(app.url, ["channel", "widget", "desk-mail", "--origin", "https://a.example"], {
      token,
    });
    expect(mail).toMatchObject({ code: 1, stdout: "" });
    expect(mail.stderr).toMatch(/^error invalid_input: desk-mail is an email channel: the feedback form posts only/);
    const shown = await app.call<{ config: { widgetOrigins?: string[] } }>("GET", "/channels?slug=desk-mail");
    expect(JSON.stringify(shown.body)).not.toContain("https://a.example");
    const form = await runCliHere(app.url, ["channel", "widget", "desk-form"], { token });
    expect(form.stdout).toMatch(
      /async><\/script>\nNo site may use it yet: name them with loopwork channel widget desk-form --origin/,
    );
  });
});
