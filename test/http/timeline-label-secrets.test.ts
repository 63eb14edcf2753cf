import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/core/access.js";
import { setMembership } from "../../src/services/memberships.js";
import { inTransaction } from "../../src/services/transaction.js";
import { type Credential, startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
let loopId: string;
beforeAll(async () => {
  app = await startTestApp({ signInLimit: 10_000 });
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: `l-${randomUUID().slice(0, 8)}`, name: "L" })).body
    .id;
});
afterAll(async () => app?.stop());

async function signedIn(role: Role): Promise<Credential> {
  const email = `${role}-${randomUUID().slice(0, 8)}@team.example`;
  const made = await app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
    email,
    name: role,
  });
  const password = "a long enough password";
  await app.call("POST", new URL(made.body.invitation.url).pathname, { password }, {}, "anonymous");
  await inTransaction(app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, role));
  return app.signIn(email, password);
}

describe("timeline labels keep secrets", () => {
  it("never show a viewer a webhook subscription's URL path (the timeline keeps only its host)", async () => {
    const made = await app.call<{ id: string }>("POST", "/webhook-subscriptions", {
      loopId,
      eventTypes: ["signal.created"],
      url: "https://bot:pa55@hooks.slack.example/services/T000/B000/s3cr3t-path-token",
    });
    expect(made.status).toBe(201);
    const viewer = await signedIn("viewer");
    // The viewer may not read the subscription itself...
    const direct = await app.call("GET", `/webhook-subscriptions/${made.body.id}`, undefined, {}, viewer);
    expect(direct.status).not.toBe(200);
    // ...and the timeline names it by its host alone.
    const page = await app.call<{ items: { entityId: string; label: string | null }[] }>(
      "GET",
      `/timeline?entityType=webhook_subscription&entityId=${made.body.id}`,
      undefined,
      {},
      viewer,
    );
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain("s3cr3t-path-token");
    expect(JSON.stringify(page.body)).not.toContain("pa55");
    expect(page.body.items.map((e) => e.label)).toContain("hooks.slack.example");
  });
});
