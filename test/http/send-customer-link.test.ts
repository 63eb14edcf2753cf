import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/core/access.js";
import { setMembership } from "../../src/services/memberships.js";
import { inTransaction } from "../../src/services/transaction.js";
import { type Credential, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
let loopId: string;
beforeAll(async () => {
  app = await startTestApp({ signInLimit: 10_000 });
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `l-${randomUUID().slice(0, 8)}`, name: "L" });
  loopId = loop.body.id;
});
afterAll(async () => app?.stop());

/** A person with this role in the loop, signed in with a browser session. */
async function signedIn(role: Role): Promise<{ id: string; credential: Credential }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@team.example`;
  const made = await app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
    email,
    name: `A ${role}`,
  });
  const password = "a long enough password";
  await app.call("POST", new URL(made.body.invitation.url).pathname, { password }, {}, "anonymous");
  await inTransaction(app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, role));
  return { id: made.body.user.id, credential: await app.signIn(email, password) };
}

const contact = async (email: string | null = `ana-${randomUUID().slice(0, 8)}@mail.example`) =>
  (await app.call<{ id: string; email: string | null }>("POST", "/contacts", { name: "Ana", email })).body;
const send = (id: string, as: Credential) => app.call("POST", `/contacts/${id}/customer-link`, undefined, {}, as);
const linkEvents = async (id: string) =>
  (
    await app.call<{ items: { actor: string; verb: string; after: { outboxId: string } }[] }>(
      "GET",
      `/timeline?entityType=contact&entityId=${id}`,
    )
  ).body.items.filter((e) => e.verb === "customer_link_requested");

describe(`a builder sends a contact their link (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("queues the email and names the builder on the timeline; again within 10 minutes, queues nothing", async () => {
    const builder = await signedIn("builder");
    const ana = await contact();
    const first = await send(ana.id, builder.credential);
    expect(first).toMatchObject({
      status: 202,
      body: { status: "queued", contactId: ana.id, email: ana.email, outboxId: expect.any(String) },
    });
    expect(await linkEvents(ana.id)).toEqual([
      expect.objectContaining({ actor: `user:${builder.id}`, after: { outboxId: first.body.outboxId } }),
    ]);
    const again = await send(ana.id, builder.credential);
    expect(again).toMatchObject({ status: 200, body: { status: "sent_recently", outboxId: first.body.outboxId } });
    // The customer's own request shares the limit, says nothing, and stays anonymous.
    const asked = await app.call("POST", "/customer-links", { email: ana.email }, {}, "anonymous");
    expect(asked).toMatchObject({ status: 202, body: { status: "sent_if_known" } });
    expect(await linkEvents(ana.id)).toHaveLength(1);
    const rows = await app.db.query(
      "select 1 from outbox where kind = 'customer_link' and payload->>'contactId' = $1",
      [ana.id],
    );
    expect(rows).toHaveLength(1);
  });

  it("records the customer's own request as anonymous", async () => {
    const bo = await contact();
    await app.call("POST", "/customer-links", { email: bo.email }, {}, "anonymous");
    expect((await linkEvents(bo.id)).map((e) => e.actor)).toEqual(["anonymous"]);
  });

  it("refuses a viewer, an unknown contact and one without an email address", async () => {
    const viewer = await signedIn("viewer");
    const cy = await contact();
    expect(await send(cy.id, viewer.credential)).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await send(randomUUID(), app.adminCredential)).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", path: "params.id" } },
    });
    const nameless = await contact(null);
    expect(await send(nameless.id, app.adminCredential)).toMatchObject({
      status: 409,
      body: { error: { code: "unreachable", path: "params.id", message: expect.stringMatching(/no email address/) } },
    });
    expect(await send("not-an-id", app.adminCredential)).toMatchObject({ status: 400 });
    expect(await linkEvents(cy.id)).toEqual([]);
  });
});
