import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";

let app: TestApp;
let loopId: string;

beforeAll(async () => {
  app = await startTestApp();
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("loop"), name: "Core" })).body.id;
});
afterAll(async () => app?.stop());

const anAddress = () => `support-${randomUUID().slice(0, 8)}@acme.example`;
type Answer = { status: number; body: { slug?: string; error?: { code: string; message: string; path?: string } } };
const emailChannel = (address: string, slug = uniqueSlug("mail")): Promise<Answer> =>
  app.call("POST", "/channels", { loopId, slug, name: "Support", kind: "email", config: { address } });

describe(`an email channel's address (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("belongs to one channel, in any letters: a second is 409 conflict naming the first", async () => {
    const address = anAddress();
    const first = await emailChannel(address);
    expect(first.status).toBe(201);
    const second = await emailChannel(address.toUpperCase());
    expect(second.status).toBe(409);
    expect(second.body.error).toEqual({
      code: "conflict",
      message: `Email channel ${first.body.slug} already receives mail at ${address}.`,
      path: "body.config.address",
    });
  });

  it("cannot be taken by changing another channel's address", async () => {
    const address = anAddress();
    const first = await emailChannel(address);
    const other = await emailChannel(anAddress());
    const moved = await app.call("PATCH", `/channels/${(other.body as { id: string }).id}`, { config: { address } });
    expect(moved.status).toBe(409);
    expect(moved.body).toEqual({
      error: {
        code: "conflict",
        message: `Email channel ${first.body.slug} already receives mail at ${address}.`,
        path: "body.config.address",
      },
    });
  });

  it("is given to one of two channels created at once; the other is 409 conflict naming it", async () => {
    // Rounds: on a server the two transactions overlap, and a check after the write let both through.
    for (let round = 0; round < 5; round++) {
      const address = anAddress();
      const answers = await Promise.all([emailChannel(address), emailChannel(address)]);
      const made = answers.filter((answer) => answer.status === 201);
      const refused = answers.filter((answer) => answer.status !== 201);
      expect(made).toHaveLength(1);
      expect(refused.map((answer) => [answer.status, answer.body.error])).toEqual([
        [
          409,
          {
            code: "conflict",
            message: `Email channel ${made[0]?.body.slug} already receives mail at ${address}.`,
            path: "body.config.address",
          },
        ],
      ]);
    }
  });

  it("is one plain address: anything else is 400 invalid_input at body.config.address, on create and on change", async () => {
    const bad = (answer: Answer) => [answer.status, answer.body.error?.code, answer.body.error?.path];
    for (const address of [
      "not an email",
      "support@acme",
      "Support <support@acme.example>",
      "a@b.example, c@d.example",
      "a@b.example\r\nBcc: x@evil.example",
    ]) {
      const made = await emailChannel(address);
      expect(bad(made), address).toEqual([400, "invalid_input", "body.config.address"]);
      expect(made.body.error?.message).toContain("support@acme.example");
    }
    const made = await emailChannel(anAddress());
    const id = (made.body as { id: string }).id;
    const changed: Answer = await app.call("PATCH", `/channels/${id}`, { config: { address: "not an email" } });
    expect(bad(changed)).toEqual([400, "invalid_input", "body.config.address"]);
    // Around it, spaces are let go: what is kept is the address mail is compared with.
    const spaced = anAddress();
    const kept = await app.call<{ config: { address: string } }>("PATCH", `/channels/${id}`, {
      config: { address: ` ${spaced} ` },
    });
    expect([kept.status, kept.body.config.address]).toEqual([200, spaced]);
  });

  it("may be shared by channels of other kinds (only an email channel receives at it)", async () => {
    const address = anAddress();
    expect((await emailChannel(address)).status).toBe(201);
    const webhook = await app.call("POST", "/channels", {
      loopId,
      slug: uniqueSlug("hook"),
      name: "Partner",
      kind: "webhook",
      config: {
        address,
        webhookUrl: "https://partner.example/hook",
        webhookSecret: "a-channel-secret-of-32-characters",
      },
    });
    expect(webhook.status).toBe(201);
  });
});
