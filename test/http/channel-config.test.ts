import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelSecretFields } from "../../src/services/channel-secrets.js";
import { setMembership } from "../../src/services/memberships.js";
import { openSecret } from "../../src/services/secret-keys.js";
import { inTransaction } from "../../src/services/transaction.js";
import { runCli } from "../cli/run-cli.js";
import { type Credential, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

const secret = "a-channel-secret-of-32-characters";
let app: TestApp;
let loopId: string;
let owner: Credential;

beforeAll(async () => {
  app = await startTestApp();
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" })).body.id;
  const made = await app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
    email: "olga@team.example",
    name: "Olga",
  });
  await app.call("POST", new URL(made.body.invitation.url).pathname, { password: "a long enough password" });
  await inTransaction(app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, "owner"));
  owner = await app.signIn("olga@team.example", "a long enough password");
});
afterAll(async () => app?.stop());

let counter = 0;
async function webhookChannel(config: Record<string, unknown> = {}) {
  const made = await app.call<{ id: string }>("POST", "/channels", {
    loopId,
    slug: `hook-${++counter}`,
    name: "Partner",
    kind: "webhook",
    config: { webhookSecret: secret, webhookUrl: "https://partner.example/hook", address: "a@b.example", ...config },
  });
  expect(made.status).toBe(201);
  return made.body.id;
}
/** The stored config with its sealed secrets opened (they are stored sealed: test/http/channel-secrets.test.ts). */
const storedConfig = async (id: string) => {
  const config =
    (await app.db.query<{ config: Record<string, unknown> }>("select config from channels where id = $1", [id]))[0]
      ?.config ?? {};
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      channelSecretFields.some((f) => f === key) ? openSecret(value) : value,
    ]),
  );
};

describe(`a channel's configuration (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("survives a PATCH that does not name it (renaming a channel)", async () => {
    const id = await webhookChannel();
    const renamed = await app.call<{ name: string; config: Record<string, unknown> }>("PATCH", `/channels/${id}`, {
      name: "Renamed",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.config).toEqual({
      webhookUrl: "https://partner.example/hook",
      address: "a@b.example",
      webhookSecretSet: true,
      imapUrlSet: false,
      forumApiKeySet: false,
    });
    expect(await storedConfig(id)).toEqual({
      webhookSecret: secret,
      webhookUrl: "https://partner.example/hook",
      address: "a@b.example",
    });
  });

  it("changes only the keys a PATCH names, keeps the write-only secret, and drops a key set to null", async () => {
    const id = await webhookChannel();
    const moved = await app.call("PATCH", `/channels/${id}`, { config: { webhookUrl: "https://new.example/hook" } });
    expect(moved.status).toBe(200);
    expect(await storedConfig(id)).toEqual({
      webhookSecret: secret,
      webhookUrl: "https://new.example/hook",
      address: "a@b.example",
    });
    expect((await app.call("PATCH", `/channels/${id}`, { config: { address: null } })).status).toBe(200);
    expect(await storedConfig(id)).toEqual({ webhookSecret: secret, webhookUrl: "https://new.example/hook" });
  });

  it("gives an address to one email channel only: a second would never receive mail", async () => {
    const email = (slug: string, address?: string) =>
      app.call<{ id: string; error: { code: string; path: string; message: string } }>("POST", "/channels", {
        loopId,
        slug,
        name: slug,
        kind: "email",
        config: address ? { address } : {},
      });
    expect((await email("support-one", "support@acme.example")).status).toBe(201);
    const same = await email("support-two", "Support@ACME.example");
    expect([same.status, same.body.error.code, same.body.error.path]).toEqual([409, "conflict", "body.config.address"]);
    expect(same.body.error.message).toContain("support-one");
    const other = await email("support-three");
    expect(other.status).toBe(201);
    const moved = await app.call<{ error: { code: string } }>("PATCH", `/channels/${other.body.id}`, {
      config: { address: "support@acme.example" },
    });
    expect([moved.status, moved.body.error.code]).toEqual([409, "conflict"]);
    const listed = await app.call<{ items: { slug: string }[] }>("GET", `/channels?loopId=${loopId}&kind=email`);
    expect(listed.body.items.map((c) => c.slug).sort()).toEqual(["support-one", "support-three"]);
  });

  it("takes a webhookUrl only with a webhookSecret to sign what it posts, on a create and a PATCH", async () => {
    const before = await snapshotTables(app.db);
    const refused = { code: "invalid_input", path: "body.config.webhookSecret" };
    const unsigned = await app.call<{ error: { code: string; path: string; message: string } }>("POST", "/channels", {
      loopId,
      slug: "unsigned-hook",
      name: "Unsigned",
      kind: "webhook",
      config: { webhookUrl: "https://partner.example/hook" },
    });
    expect([unsigned.status, unsigned.body.error]).toMatchObject([400, refused]);
    expect(unsigned.body.error.message).toMatch(/needs a webhookSecret/);
    expect(await snapshotTables(app.db)).toEqual(before);
    const id = await webhookChannel();
    const afterMade = await snapshotTables(app.db);
    // Taking the secret away from a channel that posts would leave every notification a dead letter.
    const removed = await app.call<{ error: unknown }>("PATCH", `/channels/${id}`, { config: { webhookSecret: null } });
    expect([removed.status, removed.body.error]).toMatchObject([400, refused]);
    expect(await snapshotTables(app.db)).toEqual(afterMade);
    // An inbound-only channel (no webhookUrl) needs none; taking the URL and the secret away together is fine.
    const both = await app.call("PATCH", `/channels/${id}`, { config: { webhookSecret: null, webhookUrl: null } });
    expect(both.status).toBe(200);
  });

  it("takes a componentId only when it names a component, on a create and a PATCH", async () => {
    const component = await app.call<{ id: string }>("POST", "/components", { slug: "app-code", name: "App" });
    const product = await app.call<{ id: string }>("POST", "/products", { loopId, slug: "app", name: "App" });
    const github = (componentId: string) => ({
      loopId,
      slug: `code-${++counter}`,
      name: "Code",
      kind: "github",
      config: { repository: "acme/app", githubRole: "component", componentId, webhookSecret: secret },
    });
    const before = await snapshotTables(app.db);
    // A product's id was stored, and every issue the repository's deliveries brought failed in the worker.
    const made = await app.call<{ error: unknown }>("POST", "/channels", github(product.body.id));
    expect([made.status, made.body.error]).toMatchObject([404, { code: "not_found", path: "body.config.componentId" }]);
    expect(await snapshotTables(app.db)).toEqual(before);
    const good = await app.call<{ id: string }>("POST", "/channels", github(component.body.id));
    expect(good.status).toBe(201);
    const afterMade = await snapshotTables(app.db);
    const patched = await app.call<{ error: unknown }>("PATCH", `/channels/${good.body.id}`, {
      config: { componentId: product.body.id },
    });
    expect([patched.status, patched.body.error]).toMatchObject([
      404,
      { code: "not_found", path: "body.config.componentId" },
    ]);
    expect(await snapshotTables(app.db)).toEqual(afterMade);
    // One stored before the check, naming nothing, is refused only what names it again: a rename is taken.
    await app.db.query(
      "update channels set config = config || jsonb_build_object('componentId', $2::text) where id = $1",
      [good.body.id, product.body.id],
    );
    const renamed = await app.call<{ name: string }>("PATCH", `/channels/${good.body.id}`, { name: "Code, renamed" });
    expect([renamed.status, renamed.body.name]).toEqual([200, "Code, renamed"]);
  });

  it("is refused by `loopwork channel add --webhook-url` without --secret, before anything is sent", async () => {
    const before = await snapshotTables(app.db);
    const run = await runCli(
      app.url,
      [
        "channel",
        "add",
        "cli-hook",
        "--loop",
        "core",
        "--kind",
        "webhook",
        "--webhook-url",
        "https://partner.example/h",
      ],
      { token: app.adminToken },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error usage: --webhook-url needs --secret .*nothing is sent unsigned\./);
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("takes a webhookUrl only with http or https", async () => {
    const id = await webhookChannel();
    const before = await snapshotTables(app.db);
    for (const url of ["file:///etc/passwd", "gopher://h:70/x", "javascript:alert(1)", "ftp://h/x", "data:,x"]) {
      const patched = await app.call<{ error: { code: string; path: string } }>("PATCH", `/channels/${id}`, {
        config: { webhookUrl: url },
      });
      expect({ url, status: patched.status, error: patched.body.error }).toMatchObject({
        url,
        status: 400,
        error: { code: "invalid_input", path: "body.config.webhookUrl" },
      });
      const created = await app.call("POST", "/channels", {
        loopId,
        slug: "bad-url",
        name: "B",
        kind: "webhook",
        config: { webhookUrl: url },
      });
      expect({ url, status: created.status }).toEqual({ url, status: 400 });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("lets only an installation administrator allow private networks", async () => {
    const id = await webhookChannel();
    const before = await snapshotTables(app.db);
    const byOwner = await app.call<{ error: { code: string; path: string } }>(
      "PATCH",
      `/channels/${id}`,
      { config: { allowPrivateNetwork: true } },
      {},
      owner,
    );
    expect(byOwner).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", path: "body.config.allowPrivateNetwork" } },
    });
    const createdByOwner = await app.call(
      "POST",
      "/channels",
      { loopId, slug: "private", name: "P", kind: "webhook", config: { allowPrivateNetwork: true } },
      {},
      owner,
    );
    expect(createdByOwner.status).toBe(403);
    expect(await snapshotTables(app.db)).toEqual(before);
    // The owner still manages the rest of the channel.
    expect((await app.call("PATCH", `/channels/${id}`, { name: "Mine" }, {}, owner)).status).toBe(200);
    const byAdmin = await app.call("PATCH", `/channels/${id}`, { config: { allowPrivateNetwork: true } });
    expect(byAdmin.status).toBe(200);
    expect(await storedConfig(id)).toMatchObject({ allowPrivateNetwork: true, webhookSecret: secret });
    // Taking the grant back is anyone's who manages the channel.
    const revoked = await app.call("PATCH", `/channels/${id}`, { config: { allowPrivateNetwork: false } }, {}, owner);
    expect(revoked.status).toBe(200);
    expect(await storedConfig(id)).toMatchObject({ allowPrivateNetwork: false, webhookSecret: secret });
  });
});
