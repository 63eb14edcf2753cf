import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyIdOf, seal } from "../../src/core/secret-box.js";
import { signWebhookBody } from "../../src/integrations/webhooks/signature.js";
import { channelSecretFields, sealStoredChannelSecrets } from "../../src/services/channel-secrets.js";
import { installSecretKeys, openSecret, resolveSecretKeys, secretKeyFile } from "../../src/services/secret-keys.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

const secrets = {
  webhookSecret: `whsec-${randomUUID()}`,
  githubToken: `ghp_${randomUUID()}`,
  imapUrl: `imaps://ana:pw-${randomUUID()}@mail.example/INBOX`,
  forumApiKey: `forum-${randomUUID()}`,
};
let app: TestApp;
let loopId: string;

beforeAll(async () => {
  app = await startTestApp();
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" })).body.id;
});
afterAll(async () => app?.stop());

const stored = async (id: string) =>
  (
    await app.db.query<{ config: Record<string, string>; text: string }>(
      "select config, config::text as text from channels where id = $1",
      [id],
    )
  )[0];

/** Posts a signed signal to a webhook channel; the status says whether its secret verified. */
async function deliver(channelId: string, secret: string) {
  const delivery = randomUUID();
  // A body of its own: the same signed bytes again within a second would be one request sent twice.
  const body = JSON.stringify({ title: "Export fails", contact: { email: "dev@partner.example" }, raw: { delivery } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${app.url}/channels/${channelId}/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-loopwork-timestamp": timestamp,
      "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, body)}`,
      "x-loopwork-delivery": delivery,
    },
    body,
  });
  return response.status;
}

describe(`channel secrets at rest (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("stores every secret sealed (no plain secret in the table), opens them where used, never answers them", async () => {
    const made = await app.call<{ id: string; config: Record<string, unknown> }>("POST", "/channels", {
      loopId,
      slug: "all-secrets",
      name: "All secrets",
      kind: "webhook",
      config: secrets,
    });
    expect(made.status).toBe(201);
    const row = await stored(made.body.id);
    for (const field of channelSecretFields) {
      expect(row?.config[field]).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(openSecret(row?.config[field])).toBe(secrets[field]);
      expect(row?.text).not.toContain(secrets[field]);
      expect(JSON.stringify(made.body)).not.toContain(secrets[field]);
    }
    expect(await deliver(made.body.id, secrets.webhookSecret)).toBe(201);
    expect(await deliver(made.body.id, "a-wrong-secret-of-enough-length")).toBe(401);
    // A PATCH that sets a new secret seals it too.
    const rotated = `whsec-${randomUUID()}`;
    expect((await app.call("PATCH", `/channels/${made.body.id}`, { config: { webhookSecret: rotated } })).status).toBe(
      200,
    );
    expect((await stored(made.body.id))?.text).not.toContain(rotated);
    expect(await deliver(made.body.id, rotated)).toBe(201);
  });

  it("keeps an old plain row working, and seals it at the next start step", async () => {
    const plain = `plain-${randomUUID()}`;
    const [row] = await app.db.query<{ id: string }>(
      `insert into channels (loop_id, slug, name, kind, config)
       values ($1, 'old-hook', 'Old', 'webhook', jsonb_build_object('webhookSecret', $2::text)) returning id`,
      [loopId, plain],
    );
    const id = row?.id ?? "";
    expect(await deliver(id, plain)).toBe(201);
    const first = await sealStoredChannelSecrets(app.db);
    expect(first.sealed).toBeGreaterThanOrEqual(1);
    expect((await stored(id))?.text).not.toContain(plain);
    expect(await deliver(id, plain)).toBe(201);
    // Idempotent: nothing left to seal.
    expect(await sealStoredChannelSecrets(app.db)).toEqual({ sealed: 0, resealed: 0 });
  });

  it("refuses to start with a key that did not seal the stored secrets", async () => {
    const foreign = seal(randomBytes(32), "sealed-elsewhere");
    const [row] = await app.db.query<{ id: string }>(
      `insert into channels (loop_id, slug, name, kind, config)
       values ($1, 'foreign-hook', 'Foreign', 'webhook', jsonb_build_object('webhookSecret', $2::text)) returning id`,
      [loopId, foreign],
    );
    await expect(sealStoredChannelSecrets(app.db)).rejects.toThrow(/sealed with key [0-9a-f]{8}/);
    // Opening it where used is a stable error, not a crash.
    const status = await deliver(row?.id ?? "", "sealed-elsewhere");
    expect(status).toBe(503);
    await app.db.query("delete from channels where id = $1", [row?.id]);
  });

  it("rotates: with the old key kept for opening, every value is sealed again under the new one", async () => {
    const made = await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: "rotating",
      name: "Rotating",
      kind: "webhook",
      config: { webhookSecret: "a-secret-before-the-rotation" },
    });
    const before = (await stored(made.body.id))?.config.webhookSecret ?? "";
    const oldKeyId = before.split(":")[2];
    const newKey = randomBytes(32);
    installSecretKeys(
      resolveSecretKeys(
        { dataFolder: "memory" },
        {
          LOOPWORK_SECRET_KEY: newKey.toString("base64"),
          LOOPWORK_SECRET_KEY_PREVIOUS: process.env.LOOPWORK_SECRET_KEY,
        },
      ),
    );
    const rotated = await sealStoredChannelSecrets(app.db, { rotate: true });
    expect(rotated.resealed).toBeGreaterThanOrEqual(1);
    const after = (await stored(made.body.id))?.config.webhookSecret ?? "";
    expect(after.split(":")[2]).toBe(keyIdOf(newKey));
    expect(after.split(":")[2]).not.toBe(oldKeyId);
    expect(await deliver(made.body.id, "a-secret-before-the-rotation")).toBe(201);
    expect((await sealStoredChannelSecrets(app.db, { rotate: true })).resealed).toBe(0);
  });

  it("makes a key once in the data folder (mode 0600) and reads it back; refuses a malformed key", () => {
    const folder = mkdtempSync(join(tmpdir(), "loopwork-key-"));
    const first = resolveSecretKeys({ dataFolder: folder }, {});
    const again = resolveSecretKeys({ dataFolder: folder }, {});
    expect(first.current.equals(again.current)).toBe(true);
    expect(first.current).toHaveLength(32);
    expect(statSync(join(folder, secretKeyFile)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(folder, secretKeyFile), "utf8").trim(), "base64").equals(first.current)).toBe(
      true,
    );
    const fromEnv = resolveSecretKeys(
      { dataFolder: folder },
      { LOOPWORK_SECRET_KEY: randomBytes(32).toString("base64") },
    );
    expect(fromEnv.current.equals(first.current)).toBe(false);
    expect(() => resolveSecretKeys({ dataFolder: folder }, { LOOPWORK_SECRET_KEY: "c2hvcnQ=" })).toThrow(/32 bytes/);
  });
});
