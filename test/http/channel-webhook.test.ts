import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "../../src/integrations/webhooks/signature.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

const secret = "a-channel-secret-of-32-characters";
let app: TestApp;
let channelId: string;
let loopId: string;

beforeAll(async () => {
  app = await startTestApp();
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" });
  loopId = loop.body.id;
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: "partner-hook",
    name: "Partner webhook",
    kind: "webhook",
    config: { webhookSecret: secret },
  });
  channelId = channel.body.id;
});
afterAll(async () => app?.stop());

/** Posts bytes to the channel's webhook, signed with `key` unless headers say otherwise. */
async function deliver(
  body: string | Buffer,
  options: { key?: string; delivery?: string; headers?: Record<string, string> } = {},
) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${app.url}/channels/${channelId}/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-loopwork-timestamp": timestamp,
      "x-loopwork-signature": `sha256=${signWebhookBody(options.key ?? secret, timestamp, body)}`,
      "x-loopwork-delivery": options.delivery ?? randomUUID(),
      ...options.headers,
    },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  type Answer = { signal: { id: string }; duplicate: boolean; error: { code: string; path?: string } };
  return { status: response.status, body: (await response.json()) as Answer };
}

const signal = JSON.stringify({ title: "Export fails", contact: { email: "dev@partner.example" }, urgency: "high" });

describe(`inbound webhooks (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("turns a signed delivery into a signal, once however often it is repeated", async () => {
    const delivery = randomUUID();
    const first = await deliver(signal, { delivery });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      duplicate: false,
      signal: { title: "Export fails", urgency: "high", channelId },
    });
    for (let i = 0; i < 3; i++) {
      const again = await deliver(signal, { delivery });
      expect(again).toMatchObject({ status: 200, body: { duplicate: true, signal: { id: first.body.signal.id } } });
    }
    const list = await app.call<{ items: unknown[] }>("GET", `/signals?channelId=${channelId}`);
    expect(list.body.items).toHaveLength(1);
  });

  it("takes a sender's zero or future time as now, never refusing the delivery its retries would repeat", async () => {
    const sent = new Date("2026-03-01T10:00:00Z").toISOString();
    for (const [receivedAt, kept] of [
      ["0001-01-01T00:00:00Z", false],
      ["1969-12-31T23:59:59Z", false],
      ["2999-01-01T00:00:00Z", false],
      [sent, true],
    ] as const) {
      const before = Date.now();
      const answer = await deliver(
        JSON.stringify({ title: `Sent at ${receivedAt}`, contact: { email: "clock@partner.example" }, receivedAt }),
      );
      expect(answer.status, receivedAt).toBe(201);
      const stored = Date.parse((answer.body.signal as { receivedAt?: string }).receivedAt ?? "");
      if (kept) expect(stored).toBe(Date.parse(sent));
      else expect(stored, receivedAt).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it("answers exactly one of concurrent repeats of a delivery as the one that created its signal", async () => {
    const delivery = randomUUID();
    const body = JSON.stringify({ title: "Sent at once", contact: { email: "burst@partner.example" } });
    const answers = await Promise.all(Array.from({ length: 8 }, () => deliver(body, { delivery })));
    expect(answers.filter((a) => a.status === 201 && !a.body.duplicate)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.body.duplicate)).toHaveLength(7);
    expect(new Set(answers.map((a) => a.body.signal.id)).size).toBe(1);
  });

  it("changes state once however many times a delivery is replayed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (times, title) => {
          const delivery = randomUUID();
          // Each run's own bytes (raw): two runs signing the same body in one second are one request
          // sent twice, whatever their delivery ids (a replay under a fresh id is the first's repeat).
          const body = JSON.stringify({
            title: title.trim() || "x",
            contact: { email: "replay@partner.example" },
            raw: { delivery },
          });
          const first = await deliver(body, { delivery });
          const after = await snapshotTables(app.db);
          for (let i = 1; i < times; i++) {
            const again = await deliver(body, { delivery });
            if (again.status !== 200 || again.body.signal.id !== first.body.signal.id) return false;
          }
          return first.status === 201 && JSON.stringify(await snapshotTables(app.db)) === JSON.stringify(after);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("refuses forged, altered, stale and unsigned deliveries before reading them, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const attempts = [
      await deliver(signal, { key: "somebody-elses-secret-32-chars!!" }),
      await deliver(signal, { headers: { "x-loopwork-signature": "sha256=00" } }),
      await deliver(signal, { headers: { "x-loopwork-signature": "" } }),
      await deliver(signal, {
        headers: {
          "x-loopwork-timestamp": old,
          "x-loopwork-signature": `sha256=${signWebhookBody(secret, old, signal)}`,
        },
      }),
      await deliver("{not json", { key: "somebody-elses-secret-32-chars!!" }),
    ];
    for (const attempt of attempts)
      expect(attempt).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("answers a captured signed request sent again under another delivery id as its repeat, making no signal", async () => {
    // X-Loopwork-Delivery is not signed: within the five minutes the signature verifies, each fresh
    // delivery id made another signal of the same captured report.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ title: "Captured report", contact: { email: "captured@partner.example" } });
    const signed = {
      "x-loopwork-timestamp": timestamp,
      "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, body)}`,
    };
    const first = await deliver(body, { headers: signed });
    expect(first).toMatchObject({ status: 201, body: { duplicate: false } });
    const before = await snapshotTables(app.db);
    for (const delivery of [randomUUID(), randomUUID()]) {
      const replayed = await deliver(body, { delivery, headers: signed });
      expect(replayed).toMatchObject({ status: 200, body: { duplicate: true, signal: { id: first.body.signal.id } } });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
    // A signed request that fails keeps nothing, what it signed included.
    const unknownProduct = JSON.stringify({ title: "Export fails", product: "no-such-product" });
    const failed = await deliver(unknownProduct, {
      headers: {
        "x-loopwork-timestamp": timestamp,
        "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, unknownProduct)}`,
      },
    });
    expect(failed.status).toBe(404);
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("makes one signal of a captured signed request sent many times at once, each under its own delivery id", async () => {
    // On a server's pool the copies race: each must find the first's claim, committed or not when it looked.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ title: `Raced report ${randomUUID()}`, contact: { email: "raced@partner.example" } });
    const signed = {
      "x-loopwork-timestamp": timestamp,
      "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, body)}`,
    };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => deliver(body, { delivery: randomUUID(), headers: signed })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.signal.id)).size).toBe(1);
    const made = await app.db.query("select id from signals where title = $1", [JSON.parse(body).title]);
    expect(made).toHaveLength(1);
  });

  it.skipIf(!serverUrl)(
    "a copy whose bytes another request is claiming waits for that claim and takes its id",
    async () => {
      // The race above, made certain: the first request's claim is written and not yet committed when the
      // copy looks (a look in the statement's own snapshot found nothing, and the copy made its own signal).
      const timestamp = String(Math.floor(Date.now() / 1000));
      const body = JSON.stringify({ title: `Held report ${randomUUID()}`, contact: { email: "held@partner.example" } });
      const signedSha256 = createHash("sha256").update(`${timestamp}.${body}`).digest();
      const held = `delivery:${randomUUID()}`;
      let answer: Awaited<ReturnType<typeof deliver>> | undefined;
      await app.db.transaction(async (tx) => {
        await tx.query("insert into webhook_signatures (channel_id, signed_sha256, external_id) values ($1, $2, $3)", [
          channelId,
          signedSha256,
          held,
        ]);
        void deliver(body, {
          headers: {
            "x-loopwork-timestamp": timestamp,
            "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, body)}`,
          },
        }).then((a) => {
          answer = a;
        });
        // The copy is waiting on the claim's row while the transaction is open.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answer).toBeUndefined();
      });
      await expect.poll(() => answer?.status).toBeDefined();
      const [made] = await app.db.query<{ external_id: string }>("select external_id from signals where title = $1", [
        JSON.parse(body).title,
      ]);
      expect(made?.external_id).toBe(held);
    },
  );

  it("refuses an empty X-Loopwork-Delivery, which would make every later delivery sent with it a repeat", async () => {
    const before = await snapshotTables(app.db);
    // HTTP drops the spaces around a header's value: "  " arrives as "".
    for (const delivery of ["", "  "]) {
      const refused = await deliver(JSON.stringify({ title: `Sent with delivery ${JSON.stringify(delivery)}` }), {
        delivery,
      });
      expect(refused).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_input", path: "headers.x-loopwork-delivery" } },
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses a key __proto__ anywhere in a signed body, as POST /signals does, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    // Kept in the signal's raw before: code copying it key by key would change the copy's prototype.
    const refused = await deliver('{"title":"Export fails","raw":{"a":[1,{"__proto__":{"admin":true}}]}}');
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "body.raw.a.1.__proto__" } },
    });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("answers a signed but bad body with the field path, and an unknown channel with 404", async () => {
    expect(await deliver("{oops")).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await deliver(JSON.stringify({ title: 5 }))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "body.title" } },
    });
    const unknown = await fetch(`${app.url}/channels/${randomUUID()}/webhook`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
  });

  it("refuses a signed body holding bytes that are not UTF-8 (invalid_json), storing nothing in their place", async () => {
    const before = await snapshotTables(app.db);
    // A title in Latin-1 ("Café"): its é is one byte, 0xE9, which is no UTF-8.
    const latin1 = Buffer.from(
      JSON.stringify({ title: "Café export fails", contact: { email: "latin1@partner.example" } }),
      "latin1",
    );
    expect(await deliver(latin1)).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json", path: "body", message: expect.stringContaining("not UTF-8") } },
    });
    // Declared in another charset, as every JSON route refuses it: its bytes were read as UTF-8 anyway,
    // and Latin-1 "CafÃ©" (bytes that are UTF-8 too) was stored as "Café", another title than was sent.
    for (const charset of ["latin1", "utf-16"]) {
      const declared = await deliver(Buffer.from(JSON.stringify({ title: "CafÃ© export fails" }), "latin1"), {
        headers: { "content-type": `application/json; charset=${charset}` },
      });
      expect(declared).toMatchObject({
        status: 415,
        body: { error: { code: "unsupported_media_type", path: "body", message: expect.stringContaining(charset) } },
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("is not a way into a GitHub or forum channel, even with its secret: 404, nothing written", async () => {
    for (const kind of ["github", "forum"]) {
      const config =
        kind === "github"
          ? { repository: "octo/hello", webhookSecret: secret }
          : { forumUrl: "https://forum.example.com", webhookSecret: secret };
      const made = await app.call<{ id: string }>("POST", "/channels", {
        loopId,
        slug: `theirs-${kind}`,
        name: kind,
        kind,
        config,
      });
      expect(made.status).toBe(201);
      const injected = await fetch(`${app.url}/channels/${made.body.id}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
        body: JSON.stringify({ title: "Injected", externalId: `inj-${kind}`, contact: { email: "victim@x.example" } }),
      });
      expect({ kind, status: injected.status }).toEqual({ kind, status: 404 });
    }
    expect(await app.db.query("select 1 from signals where title = 'Injected'")).toEqual([]);
  });

  it("answers a signed body nested 5,000 levels deep with invalid_input, not a 500, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    const deep = `{"title":"d","raw":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const response = await deliver(deep);
    expect(response).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    expect(response.body.error.path).toBe(`body.raw${".0".repeat(32)}`);
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses to attach the signal to another loop's pattern, as POST /signals does, and writes nothing", async () => {
    const other = await app.call<{ id: string }>("POST", "/loops", { slug: "other", name: "Other" });
    const theirs = await app.call<{ id: string }>("POST", "/patterns", { loopId: other.body.id, title: "Theirs" });
    const before = await snapshotTables(app.db);
    const response = await deliver(JSON.stringify({ title: "x", patternIds: [theirs.body.id] }));
    expect(response).toMatchObject({ status: 403, body: { error: { code: "forbidden", path: "body.patternIds.0" } } });
    expect(await snapshotTables(app.db)).toEqual(before);
    // Its own loop's patterns it may name.
    const ours = await app.call<{ id: string }>("POST", "/patterns", { loopId, title: "Ours" });
    const attached = await deliver(JSON.stringify({ title: "y", patternIds: [ours.body.id] }));
    expect(attached).toMatchObject({ status: 201 });
  });

  it("never verifies an altered body or signature (property)", () => {
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, at, flip) => {
          const body = Buffer.from(bytes);
          const signature = `sha256=${signWebhookBody(secret, timestamp, body)}`;
          expect(verifyWebhookSignature(secret, { timestamp, signature, body }, now)).toBe(true);
          const altered = Buffer.from(body);
          altered[at % altered.length] = (altered[at % altered.length] ?? 0) ^ flip;
          expect(verifyWebhookSignature(secret, { timestamp, signature, body: altered }, now)).toBe(false);
          const position = "sha256=".length + (at % 64);
          const forged =
            signature.slice(0, position) + (signature[position] === "0" ? "1" : "0") + signature.slice(position + 1);
          expect(verifyWebhookSignature(secret, { timestamp, signature: forged, body }, now)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never answers a signed random body with a 500 (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        const response = await deliver(JSON.stringify(value));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe(`inbound webhooks of another shape, read through config.mapping (${serverUrl ? "postgres" : "pglite"})`, () => {
  const deskSecret = "a-support-desk-secret-32-characters";
  let deskId: string;
  beforeAll(async () => {
    const desk = await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: "support-desk",
      name: "Support desk",
      kind: "webhook",
      config: {
        webhookSecret: deskSecret,
        mapping: {
          title: "/ticket/subject",
          body: "/ticket/description",
          contactEmail: "/ticket/requester/email",
          urgency: "/ticket/priority",
          urgencyValues: { P1: "critical" },
          externalId: "/ticket/id",
        },
      },
    });
    deskId = desk.body.id;
  });

  /** Posts a ticket as a support desk does: JSON, the secret as a bearer token (it cannot sign). */
  const post = async (payload: unknown, bearer = deskSecret) => {
    const response = await fetch(`${app.url}/channels/${deskId}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, never> };
  };
  const ticket = (id: number) => ({
    ticket: {
      id,
      subject: "Invoices PDF is blank",
      description: "Every invoice downloads empty.",
      priority: "P1",
      requester: { email: "mia@customer.example" },
    },
  });

  it("turns a ticket into a signal, once per ticket id", async () => {
    const id = Math.floor(Math.random() * 1e9);
    const first = await post(ticket(id));
    expect(first).toMatchObject({
      status: 201,
      body: {
        duplicate: false,
        signal: { title: "Invoices PDF is blank", urgency: "critical", externalId: String(id) },
      },
    });
    expect(await post(ticket(id))).toMatchObject({ status: 200, body: { duplicate: true } });
    // The scheme in another case is the same credential.
    const lowerCase = await fetch(`${app.url}/channels/${deskId}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `bearer ${deskSecret}` },
      body: JSON.stringify(ticket(id)),
    });
    expect(lowerCase.status).toBe(200);
    const list = await app.call<{ items: { contactId: string }[] }>("GET", `/signals?channelId=${deskId}`);
    expect(list.body.items).toHaveLength(1);
  });

  it("makes the title of a body without one, cut between characters, never inside an emoji", async () => {
    const notes = await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: "notes-hook",
      name: "Notes",
      kind: "webhook",
      config: { webhookSecret: deskSecret, mapping: { body: "/note/text", externalId: "/note/id" } },
    });
    const text = `${"a".repeat(118)}😀${"b".repeat(20)}`;
    const response = await fetch(`${app.url}/channels/${notes.body.id}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${deskSecret}` },
      body: JSON.stringify({ note: { id: "n-1", text } }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ signal: { title: `${"a".repeat(118)}…`, body: text } });
  });

  it("refuses a wrong secret and a body the mapping finds no title in, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    expect(await post(ticket(1), "not-the-secret-of-this-channel-!!")).toMatchObject({
      status: 401,
      body: { error: { code: "invalid_signature" } },
    });
    expect(await post({ ticket: { id: 2, requester: { email: "x@y.example" } } })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "body.title" } },
    });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses a mapping that is not made of JSON Pointers", async () => {
    const bad = await app.call("PATCH", `/channels/${deskId}`, { config: { mapping: { title: "ticket.subject" } } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
  });
});
