import { expect } from "vitest";
import type { Principal, Role, Scope } from "../../src/core/access.js";
import { signAnswerToken } from "../../src/core/answer-link.js";
import { signCustomerToken } from "../../src/core/customer-link.js";
import { createToken } from "../../src/services/api-tokens.js";
import { createAdmin } from "../../src/services/create-user.js";
import { setMembership } from "../../src/services/memberships.js";
import { answerLinkSecretKey, customerLinkSecretKey, getOrCreateSecret } from "../../src/services/settings.js";
import { inTransaction } from "../../src/services/transaction.js";
import type { Credential, TestApp } from "./app.js";

/** Everyone the access tests call the API as. */
export const principals = [
  "anonymous",
  "contact",
  "viewer",
  "builder",
  "owner",
  "otherBuilder",
  "admin",
  "readToken",
  "writeToken",
  "deployToken",
  "adminToken",
] as const;
export type Who = (typeof principals)[number];

const password = "a long enough password";

/** A person with a password and a role in a loop, made as an administrator would (invite, role). */
async function person(app: TestApp, email: string, loopId?: string, role?: Role): Promise<{ id: string }> {
  const made = await app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
    email,
    name: email,
  });
  expect(made.status).toBe(201);
  const accepted = await app.call("POST", new URL(made.body.invitation.url).pathname, { password }, {}, "anonymous");
  expect(accepted.status).toBe(200);
  if (loopId && role) {
    await inTransaction(app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, role));
  }
  return made.body.user;
}

/**
 * Two loops (A and B) and, in loop A, the whole chain from a signal to a successful production
 * deployment (so a notification and its delivery exist); people with each role, tokens of each scope
 * made by A's owner and bound to A, and a contact's link to their own view.
 */
export async function accessFixture(app: TestApp) {
  const ok = async <T = { id: string }>(
    method: string,
    path: string,
    body?: unknown,
    status = method === "POST" ? 201 : 200,
  ) => {
    const response = await app.call<T>(method, path, body);
    expect({ path, status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const loopA = await ok("POST", "/loops", { slug: "loop-a", name: "Loop A" });
  const loopB = await ok("POST", "/loops", { slug: "loop-b", name: "Loop B" });
  const component = await ok("POST", "/components", { slug: "engine", name: "Engine" });
  const product = await ok("POST", "/products", {
    loopId: loopA.id,
    slug: "app-a",
    name: "App A",
    componentIds: [component.id],
  });
  const componentB = await ok("POST", "/components", { slug: "engine-b", name: "Engine B" });
  const productB = await ok("POST", "/products", {
    loopId: loopB.id,
    slug: "app-b",
    name: "App B",
    componentIds: [componentB.id],
  });
  const channel = await ok("POST", "/channels", { loopId: loopA.id, slug: "mail-a", name: "Mail A", kind: "email" });
  const channelB = await ok("POST", "/channels", { loopId: loopB.id, slug: "mail-b", name: "Mail B", kind: "email" });
  const signal = await ok<{ id: string; contactId: string }>("POST", "/signals", {
    channelId: channel.id,
    contact: { email: "carla@customer.example", name: "Carla" },
    title: "Export fails",
    threadRef: "<carla-1@customer.example>",
  });
  // Loop B's customer: their signal is B's, whatever pattern of the shared knowledge base it lands on.
  const signalB = await ok("POST", "/signals", {
    channelId: channelB.id,
    contact: { email: "bruno@customer.example", name: "Bruno" },
    title: "B's export fails too",
  });
  const pattern = await ok("POST", "/patterns", { loopId: loopA.id, title: "Export fails" });
  const patternB = await ok("POST", "/patterns", { loopId: loopB.id, title: "B's pattern" });
  await ok("POST", `/patterns/${pattern.id}/signals`, { signalIds: [signal.id] }, 200);
  const improvement = await ok("POST", "/improvements", {
    loopId: loopA.id,
    title: "Fix export",
    why: "INTERNAL-PLAN: customers cannot export",
    productIds: [product.id],
    patternIds: [pattern.id],
  });
  const improvementB = await ok("POST", "/improvements", { loopId: loopB.id, title: "B's improvement" });
  const issue = await ok("POST", "/issues", {
    componentId: component.id,
    improvementId: improvement.id,
    title: "Export",
  });
  const pullRequest = await ok("POST", "/pull-requests", {
    componentId: component.id,
    title: "Fix export",
    issueIds: [issue.id],
  });
  await ok("PATCH", `/pull-requests/${pullRequest.id}`, { status: "merged" });
  const version = await ok("POST", "/versions", { componentId: component.id, name: "1.0.0" });
  const release = await ok("POST", "/releases", { productId: product.id, name: "1.0.0", versionIds: [version.id] });
  const versionB = await ok("POST", "/versions", { componentId: componentB.id, name: "1.0.0" });
  const releaseB = await ok("POST", "/releases", { productId: productB.id, name: "1.0.0", versionIds: [versionB.id] });
  const deployed = await ok<{ deployment: { id: string } }>("POST", "/deployments", {
    releaseId: release.id,
    environment: "production",
    status: "success",
  });
  const topic = await ok("POST", "/brainstorm-topics", { loopId: loopA.id, kind: "what", title: "Exports" });
  const session = await ok("POST", "/brainstorm-sessions", {
    loopId: loopA.id,
    kind: "how",
    scheduledAt: new Date().toISOString(),
  });
  const [notification] = await app.db.query<{ id: string }>("select id from notifications where contact_id = $1", [
    signal.contactId,
  ]);
  const [delivery] = await app.db.query<{ id: string }>("select id from outbox where notification_id = $1", [
    notification?.id,
  ]);
  expect(notification && delivery).toBeTruthy();

  const viewer = await person(app, "vera@team.example", loopA.id, "viewer");
  const builder = await person(app, "bob@team.example", loopA.id, "builder");
  const owner = await person(app, "olga@team.example", loopA.id, "owner");
  await person(app, "otto@team.example", loopB.id, "builder");
  const spare = await person(app, "sam@team.example");
  await inTransaction(app.db, "test", (tx) => setMembership(tx, loopB.id, owner.id, "viewer"));
  await createAdmin(app.db, { email: "ada@team.example", name: "Ada", password });

  const ownerPrincipal: Principal = {
    userId: owner.id,
    admin: false,
    roles: { [loopA.id]: "owner", [loopB.id]: "viewer" },
    scope: "admin",
    loopId: null,
    actor: `user:${owner.id}`,
  };
  /** A new token of A's owner, bound to A: its secret (as a credential) and its id. */
  const tokenOf = async (scope: Scope): Promise<{ token: string; id: string }> => {
    const made = await inTransaction(app.db, ownerPrincipal.actor, (tx) =>
      createToken(tx, ownerPrincipal, { name: `${scope} of A`, scope, loopId: loopA.id }),
    );
    return { token: made.token, id: made.id };
  };
  const inADay = Math.floor(Date.now() / 1000) + 24 * 3600;
  const customerToken = signCustomerToken(await getOrCreateSecret(app.db, customerLinkSecretKey), {
    contactId: signal.contactId,
    expiresAt: inADay,
  });
  const answerToken = signAnswerToken(await getOrCreateSecret(app.db, answerLinkSecretKey), {
    notificationId: String(notification?.id),
    answer: "works",
    expiresAt: inADay,
  });

  const as: Record<Who, Credential> = {
    anonymous: "anonymous",
    // A contact holds only the link to their own view: shown as a Bearer token, it opens nothing else.
    contact: { token: customerToken },
    viewer: await app.signIn("vera@team.example", password),
    builder: await app.signIn("bob@team.example", password),
    owner: await app.signIn("olga@team.example", password),
    otherBuilder: await app.signIn("otto@team.example", password),
    admin: await app.signIn("ada@team.example", password),
    readToken: await tokenOf("read"),
    writeToken: await tokenOf("write"),
    deployToken: await tokenOf("deploy"),
    adminToken: await tokenOf("admin"),
  };
  return {
    as,
    password,
    ownerPrincipal,
    tokenOf,
    ids: {
      loopA: loopA.id,
      loopB: loopB.id,
      component: component.id,
      componentB: componentB.id,
      product: product.id,
      productB: productB.id,
      channel: channel.id,
      channelB: channelB.id,
      signal: signal.id,
      signalB: signalB.id,
      contact: signal.contactId,
      pattern: pattern.id,
      patternB: patternB.id,
      improvement: improvement.id,
      improvementB: improvementB.id,
      issue: issue.id,
      pullRequest: pullRequest.id,
      version: version.id,
      release: release.id,
      releaseB: releaseB.id,
      deployment: deployed.deployment.id,
      topic: topic.id,
      session: session.id,
      notification: String(notification?.id),
      delivery: String(delivery?.id),
      viewer: viewer.id,
      builder: builder.id,
      owner: owner.id,
      spare: spare.id,
    },
    customerToken,
    answerToken,
  };
}
export type AccessFixture = Awaited<ReturnType<typeof accessFixture>>;
