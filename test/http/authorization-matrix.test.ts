import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../src/http/routes/index.js";
import { type AccessFixture, accessFixture, principals, type Who } from "../helpers/access-fixture.js";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

/**
 * THE AUTHORIZATION MATRIX: every route of the API × everyone who may call it, with the expected
 * answer written out by hand (not derived from the routes' own declarations, or the test would only
 * repeat them). A route without a row fails the test: a new route must say who may call it.
 *
 * "Allowed" means the access checks let the request through: any answer but 401, 403 or 404 (every
 * target below exists, so a 404 can only be a target hidden from the caller). "Denied" is one of those.
 */

// Who is allowed, in groups (loop A owns every target below unless a row says otherwise).
const everyone = principals;
const signedIn: Who[] = [
  "viewer",
  "builder",
  "owner",
  "otherBuilder",
  "admin",
  "readToken",
  "writeToken",
  "deployToken",
  "adminToken",
];
const insiders: Who[] = [
  "viewer",
  "builder",
  "owner",
  "otherBuilder",
  "admin",
  "readToken",
  "writeToken",
  "adminToken",
];
const pipelineReaders: Who[] = [...insiders, "deployToken"];
const buildersOfA: Who[] = ["builder", "owner", "admin", "writeToken", "adminToken"];
const pipelineOfA: Who[] = [...buildersOfA, "deployToken"];
const anyBuilder: Who[] = [...buildersOfA, "otherBuilder"];
const ownersOfA: Who[] = ["owner", "admin", "adminToken"];
const admins: Who[] = ["admin"];
const people: Who[] = ["viewer", "builder", "owner", "otherBuilder", "admin"];
const nobody: Who[] = [];

interface Call {
  path: string;
  body?: unknown;
}
interface Row {
  allow: readonly Who[];
  call(fx: AccessFixture, who: Who): Call | Promise<Call>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

let app: TestApp;
let fx: AccessFixture;

const rows: Record<string, Row> = {
  "GET /health": { allow: everyone, call: () => ({ path: "/health" }) },
  // What spans every loop is not for tokens bound to one (all tokens here are bound to loop A).
  "GET /timeline": { allow: people, call: () => ({ path: "/timeline?limit=1" }) },
  "GET /timeline/stream": { allow: people, call: () => ({ path: "/timeline/stream" }) },
  "GET /metrics": { allow: insiders, call: () => ({ path: "/metrics" }) },
  "GET /trace/:type/:id": { allow: people, call: ({ ids }) => ({ path: `/trace/pattern/${ids.pattern}` }) },

  "POST /session": {
    allow: everyone,
    call: ({ password }) => ({ path: "/session", body: { email: "sam@team.example", password } }),
  },
  "GET /session": { allow: signedIn, call: () => ({ path: "/session" }) },
  // Runs last (see below): it ends the sessions it is called with.
  "DELETE /session": { allow: signedIn, call: () => ({ path: "/session" }) },
  // Used or unknown one-time links answer 410 to everyone: the link is the credential.
  "GET /setup/:token": { allow: everyone, call: () => ({ path: "/setup/lwl_unknown" }) },
  "POST /setup/:token": {
    allow: everyone,
    call: () => ({ path: "/setup/lwl_unknown", body: { email: "x@y.example", name: "X", password: "twelve chars!" } }),
  },
  "GET /invitations/:token": { allow: everyone, call: () => ({ path: "/invitations/lwl_unknown" }) },
  "POST /invitations/:token": {
    allow: everyone,
    call: () => ({ path: "/invitations/lwl_unknown", body: { password: "twelve chars!" } }),
  },
  "POST /users": {
    allow: admins,
    call: () => ({ path: "/users", body: { email: `${unique("u")}@team.example`, name: "U" } }),
  },
  "POST /users/:id/invitation": { allow: admins, call: ({ ids }) => ({ path: `/users/${ids.spare}/invitation` }) },
  "GET /users": { allow: insiders, call: () => ({ path: "/users" }) },
  "GET /users/:id": { allow: insiders, call: ({ ids }) => ({ path: `/users/${ids.spare}` }) },
  "PATCH /users/:id": { allow: admins, call: ({ ids }) => ({ path: `/users/${ids.spare}`, body: { name: "Sam" } }) },

  "GET /loops/:id/members": { allow: insiders, call: ({ ids }) => ({ path: `/loops/${ids.loopA}/members` }) },
  "PUT /loops/:id/members/:userId": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/loops/${ids.loopA}/members/${ids.spare}`, body: { role: "viewer" } }),
  },
  "DELETE /loops/:id/members/:userId": {
    allow: ownersOfA,
    call: async ({ ids }) => {
      // Someone to remove, every time.
      await app.call("PUT", `/loops/${ids.loopA}/members/${ids.spare}`, { role: "viewer" });
      return { path: `/loops/${ids.loopA}/members/${ids.spare}` };
    },
  },

  "GET /tokens": { allow: signedIn, call: () => ({ path: "/tokens" }) },
  // An unbound token: the admin token is bound to loop A, and a bound token mints only bound ones.
  "POST /tokens": {
    allow: people,
    call: () => ({ path: "/tokens", body: { name: unique("t"), scope: "read" } }),
  },
  "DELETE /tokens/:id": {
    // Only the owner's own tokens (and an administrator) reach it; for the others it does not exist.
    allow: ["owner", "admin", "adminToken"],
    call: async ({ tokenOf }) => ({ path: `/tokens/${(await tokenOf("read")).id}` }),
  },

  "GET /loops": { allow: insiders, call: () => ({ path: "/loops" }) },
  "GET /loops/:id": { allow: insiders, call: ({ ids }) => ({ path: `/loops/${ids.loopA}` }) },
  "POST /loops": { allow: admins, call: () => ({ path: "/loops", body: { slug: unique("loop"), name: "L" } }) },
  "PATCH /loops/:id": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/loops/${ids.loopA}`, body: { description: "A" } }),
  },

  "GET /products": { allow: pipelineReaders, call: () => ({ path: "/products" }) },
  "GET /products/:id": { allow: pipelineReaders, call: ({ ids }) => ({ path: `/products/${ids.product}` }) },
  "POST /products": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: "/products", body: { loopId: ids.loopA, slug: unique("p"), name: "P" } }),
  },
  "PATCH /products/:id": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/products/${ids.product}`, body: { description: "d" } }),
  },

  "GET /components": { allow: pipelineReaders, call: () => ({ path: "/components" }) },
  "GET /components/:id": { allow: pipelineReaders, call: ({ ids }) => ({ path: `/components/${ids.component}` }) },
  // A new component belongs to no loop yet: any builder may add one.
  "POST /components": {
    allow: anyBuilder,
    call: () => ({ path: "/components", body: { slug: unique("c"), name: "C" } }),
  },
  "PATCH /components/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/components/${ids.component}`, body: { name: "Engine" } }),
  },

  "GET /channels": { allow: insiders, call: () => ({ path: "/channels" }) },
  "GET /channels/:id": { allow: insiders, call: ({ ids }) => ({ path: `/channels/${ids.channel}` }) },
  "POST /channels": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: "/channels", body: { loopId: ids.loopA, slug: unique("ch"), name: "C", kind: "api" } }),
  },
  "PATCH /channels/:id": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/channels/${ids.channel}`, body: { name: "Mail A" } }),
  },

  // Contacts are people outside, shared by every loop: any builder keeps them.
  "GET /contacts": { allow: insiders, call: () => ({ path: "/contacts" }) },
  "GET /contacts/:id": { allow: insiders, call: ({ ids }) => ({ path: `/contacts/${ids.contact}` }) },
  "POST /contacts": { allow: anyBuilder, call: () => ({ path: "/contacts", body: { name: "N" } }) },
  "PATCH /contacts/:id": {
    allow: anyBuilder,
    call: ({ ids }) => ({ path: `/contacts/${ids.contact}`, body: { account: "Acme" } }),
  },
  // Contacts are shared: any builder sends one their link (a 409 for one without an email is allowed too).
  "POST /contacts/:id/customer-link": {
    allow: anyBuilder,
    call: ({ ids }) => ({ path: `/contacts/${ids.contact}/customer-link` }),
  },

  "GET /signals": { allow: insiders, call: () => ({ path: "/signals" }) },
  "GET /signals/:id": { allow: insiders, call: ({ ids }) => ({ path: `/signals/${ids.signal}` }) },
  "POST /signals": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/signals", body: { channelId: ids.channel, title: "S" } }),
  },
  "POST /signals/batch": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/signals/batch", body: { signals: [{ channelId: ids.channel, title: "S" }] } }),
  },

  "POST /signals/batch/check": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/signals/batch/check", body: { signals: [{ channelId: ids.channel, title: "S" }] } }),
  },
  "GET /signals/:id/conversation": {
    allow: insiders,
    call: ({ ids }) => ({ path: `/signals/${ids.signal}/conversation` }),
  },
  // Builders of the signal's loop (this signal's channel has nowhere to send it: they get unreachable).
  "POST /signals/:id/replies": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/signals/${ids.signal}/replies`, body: { body: "Thanks, we are on it." } }),
  },

  "GET /patterns": { allow: insiders, call: () => ({ path: "/patterns" }) },
  "GET /search": { allow: insiders, call: () => ({ path: "/search?q=export" }) },
  "GET /patterns/:id": { allow: insiders, call: ({ ids }) => ({ path: `/patterns/${ids.pattern}` }) },
  "POST /patterns": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/patterns", body: { loopId: ids.loopA, title: "P" } }),
  },
  "PATCH /patterns/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/patterns/${ids.pattern}`, body: { description: "d" } }),
  },
  "POST /patterns/:id/signals": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/patterns/${ids.pattern}/signals`, body: { signalIds: [ids.signal] } }),
  },
  "POST /patterns/:id/merge": {
    allow: buildersOfA,
    call: async ({ ids }) => ({
      path: `/patterns/${await patternOf(ids.loopA)}/merge`,
      body: { targetId: await patternOf(ids.loopA), preview: true },
    }),
  },
  "POST /patterns/:id/split": {
    allow: buildersOfA,
    call: async ({ ids }) => {
      const pattern = await patternOf(ids.loopA);
      const made = await app.call<{ items: { id: string }[] }>("POST", "/signals/batch", {
        signals: ["one", "two"].map((title) => ({ channelId: ids.channel, title, patternIds: [pattern] })),
      });
      return {
        path: `/patterns/${pattern}/split`,
        body: { signalIds: [made.body.items[0]?.id], title: "Split", preview: true },
      };
    },
  },
  "GET /patterns/:id/priority": { allow: insiders, call: ({ ids }) => ({ path: `/patterns/${ids.pattern}/priority` }) },
  "PUT /loops/:id/emerging-digest": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/loops/${ids.loopA}/emerging-digest`, body: { enabled: true } }),
  },
  "GET /patterns/:id/moves": { allow: insiders, call: ({ ids }) => ({ path: `/patterns/${ids.pattern}/moves` }) },
  "POST /pattern-moves/:id/undo": {
    allow: buildersOfA,
    call: async ({ ids }) => {
      const source = await patternOf(ids.loopA);
      const merged = await app.call<{ moveId: string }>("POST", `/patterns/${source}/merge`, {
        targetId: await patternOf(ids.loopA),
      });
      return { path: `/pattern-moves/${merged.body.moveId}/undo` };
    },
  },
  "DELETE /patterns/:id/signals/:signalId": {
    allow: buildersOfA,
    call: async ({ ids }) => {
      await app.call("POST", `/patterns/${ids.pattern}/signals`, { signalIds: [ids.signal] });
      return { path: `/patterns/${ids.pattern}/signals/${ids.signal}` };
    },
  },

  "GET /signals/:id/suggestions": {
    allow: insiders,
    call: ({ ids }) => ({ path: `/signals/${ids.signal}/suggestions` }),
  },
  "GET /matcher": { allow: insiders, call: () => ({ path: "/matcher" }) },
  // Every loop's suggestions: an administrator's (the settings as they are, so no other row sees a change).
  "PATCH /matcher": { allow: admins, call: () => ({ path: "/matcher", body: { minScore: 0.05, limit: 5 } }) },
  "POST /matcher/rules": {
    allow: buildersOfA,
    call: ({ ids }) => ({
      path: "/matcher/rules",
      body: { patternId: ids.pattern, kind: "error_code", expression: "E4711" },
    }),
  },
  "DELETE /matcher/rules/:id": {
    allow: buildersOfA,
    call: async ({ ids }) => {
      const made = await app.call<{ rules: { id: string }[] }>("POST", "/matcher/rules", {
        patternId: ids.pattern,
        kind: "regex",
        expression: unique("rule"),
      });
      return { path: `/matcher/rules/${made.body.rules.at(-1)?.id}` };
    },
  },
  "GET /patterns/proposals": { allow: insiders, call: () => ({ path: "/patterns/proposals" }) },
  "POST /patterns/proposals/accept": {
    allow: buildersOfA,
    call: ({ ids }) => ({
      path: "/patterns/proposals/accept",
      body: { loopId: ids.loopA, title: unique("proposal"), signalIds: [ids.signal] },
    }),
  },

  "GET /improvements": { allow: insiders, call: () => ({ path: "/improvements" }) },
  "GET /improvements/:id": { allow: insiders, call: ({ ids }) => ({ path: `/improvements/${ids.improvement}` }) },
  "POST /improvements": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/improvements", body: { loopId: ids.loopA, title: "I" } }),
  },
  "PATCH /improvements/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/improvements/${ids.improvement}`, body: { how: "h" } }),
  },

  "GET /issues": { allow: insiders, call: () => ({ path: "/issues" }) },
  "GET /issues/:id": { allow: insiders, call: ({ ids }) => ({ path: `/issues/${ids.issue}` }) },
  "POST /issues": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/issues", body: { componentId: ids.component, title: "I" } }),
  },
  "PATCH /issues/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/issues/${ids.issue}`, body: { body: "b" } }),
  },

  "GET /pull-requests": { allow: pipelineReaders, call: () => ({ path: "/pull-requests" }) },
  "GET /pull-requests/:id": {
    allow: pipelineReaders,
    call: ({ ids }) => ({ path: `/pull-requests/${ids.pullRequest}` }),
  },
  "POST /pull-requests": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/pull-requests", body: { componentId: ids.component, title: "PR" } }),
  },
  "PATCH /pull-requests/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/pull-requests/${ids.pullRequest}`, body: { title: "Fix export" } }),
  },

  "GET /versions": { allow: pipelineReaders, call: () => ({ path: "/versions" }) },
  "GET /versions/:id": { allow: pipelineReaders, call: ({ ids }) => ({ path: `/versions/${ids.version}` }) },
  "POST /versions": {
    allow: pipelineOfA,
    call: ({ ids }) => ({
      path: "/versions",
      body: { componentId: ids.component, name: unique("v"), pullRequestIds: [] },
    }),
  },
  "GET /versions/:id/products": {
    allow: pipelineReaders,
    call: ({ ids }) => ({ path: `/versions/${ids.version}/products` }),
  },
  "GET /releases": { allow: pipelineReaders, call: () => ({ path: "/releases" }) },
  "GET /releases/:id": { allow: pipelineReaders, call: ({ ids }) => ({ path: `/releases/${ids.release}` }) },
  "POST /releases": {
    allow: pipelineOfA,
    call: ({ ids }) => ({
      path: "/releases",
      body: { productId: ids.product, name: unique("r"), versionIds: [ids.version] },
    }),
  },
  "GET /environments": { allow: pipelineReaders, call: () => ({ path: "/environments" }) },
  "GET /environments/:id": { allow: pipelineReaders, call: () => ({ path: "/environments/production" }) },
  "POST /environments": { allow: admins, call: () => ({ path: "/environments", body: { name: unique("env") } }) },
  "PATCH /environments/:id": {
    allow: admins,
    call: () => ({ path: "/environments/staging", body: { accounts: [unique("account")] } }),
  },
  "GET /deployments": { allow: pipelineReaders, call: () => ({ path: "/deployments" }) },
  "GET /deployments/:id": { allow: pipelineReaders, call: ({ ids }) => ({ path: `/deployments/${ids.deployment}` }) },
  "POST /deployments": {
    allow: pipelineOfA,
    call: ({ ids }) => ({ path: "/deployments", body: { releaseId: ids.release, environment: "staging" } }),
  },
  "POST /deployments/preview": {
    allow: pipelineOfA,
    call: ({ ids }) => ({ path: "/deployments/preview", body: { releaseId: ids.release, environment: "production" } }),
  },
  "POST /deployments/:id/preview": {
    allow: pipelineOfA,
    call: ({ ids }) => ({ path: `/deployments/${ids.deployment}/preview`, body: { status: "success" } }),
  },
  "PATCH /deployments/:id": {
    allow: pipelineOfA,
    call: ({ ids }) => ({ path: `/deployments/${ids.deployment}`, body: { status: "success" } }),
  },

  "GET /brainstorm-topics": { allow: insiders, call: () => ({ path: "/brainstorm-topics" }) },
  "GET /brainstorm-topics/:id": { allow: insiders, call: ({ ids }) => ({ path: `/brainstorm-topics/${ids.topic}` }) },
  "POST /brainstorm-topics": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: "/brainstorm-topics", body: { loopId: ids.loopA, kind: "how", title: "T" } }),
  },
  "PATCH /brainstorm-topics/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/brainstorm-topics/${ids.topic}`, body: { notes: "n" } }),
  },
  "GET /brainstorm-sessions": { allow: insiders, call: () => ({ path: "/brainstorm-sessions" }) },
  "GET /brainstorm-sessions/:id": {
    allow: insiders,
    call: ({ ids }) => ({ path: `/brainstorm-sessions/${ids.session}` }),
  },
  "POST /brainstorm-sessions": {
    allow: buildersOfA,
    call: ({ ids }) => ({
      path: "/brainstorm-sessions",
      body: { loopId: ids.loopA, kind: "what", scheduledAt: new Date().toISOString() },
    }),
  },
  "PATCH /brainstorm-sessions/:id": {
    allow: buildersOfA,
    call: ({ ids }) => ({ path: `/brainstorm-sessions/${ids.session}`, body: { agenda: "a" } }),
  },

  // Who was told: read like the loop's own work (a token bound to loop A sees loop A's patterns' notifications).
  "GET /notifications": { allow: insiders, call: () => ({ path: "/notifications" }) },
  "GET /notifications/:id": { allow: insiders, call: ({ ids }) => ({ path: `/notifications/${ids.notification}` }) },

  "GET /outbox": { allow: people, call: () => ({ path: "/outbox" }) },
  // The delivery of a notification on loop A's pattern (not dead: allowed callers get 409).
  "POST /outbox/:id/retry": { allow: buildersOfA, call: ({ ids }) => ({ path: `/outbox/${ids.delivery}/retry` }) },

  // Event webhooks: owners of the loop (and administrators); each call gets a subscription of loop A's.
  "POST /webhook-subscriptions": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: "/webhook-subscriptions", body: subscriptionOf(ids.loopA) }),
  },
  "GET /webhook-subscriptions": { allow: ownersOfA, call: () => ({ path: "/webhook-subscriptions" }) },
  "GET /webhook-subscriptions/:id": {
    allow: ownersOfA,
    call: async ({ ids }) => ({ path: `/webhook-subscriptions/${await subscribed(ids.loopA)}` }),
  },
  "PATCH /webhook-subscriptions/:id": {
    allow: ownersOfA,
    call: async ({ ids }) => ({
      path: `/webhook-subscriptions/${await subscribed(ids.loopA)}`,
      body: { eventTypes: ["release.created"] },
    }),
  },
  "DELETE /webhook-subscriptions/:id": {
    allow: ownersOfA,
    call: async ({ ids }) => ({ path: `/webhook-subscriptions/${await subscribed(ids.loopA)}` }),
  },

  // The signed link in a notification email is the credential: whoever holds it may answer.
  "GET /answers/:token": { allow: everyone, call: ({ answerToken }) => ({ path: `/answers/${answerToken}` }) },
  "POST /answers/:token": {
    allow: everyone,
    call: ({ answerToken }) => ({ path: `/answers/${answerToken}`, body: {} }),
  },
  // Only a holder of the channel's webhook secret (test/http/channel-webhook.test.ts); none of these.
  "POST /channels/:id/webhook": {
    allow: nobody,
    call: ({ ids }) => ({ path: `/channels/${ids.channel}/webhook`, body: { title: "unsigned" } }),
  },
  // The widget's script is for every site; its form posts only from a widget channel's own pages (this
  // channel is no widget channel: nobody gets through, test/http/widget.test.ts has the rest).
  "GET /widget.js": { allow: everyone, call: () => ({ path: "/widget.js" }) },
  "POST /channels/:id/widget": {
    allow: nobody,
    call: ({ ids }) => ({
      path: `/channels/${ids.channel}/widget`,
      body: { email: "a@b.example", message: "hi", submission: "abcdefgh12" },
    }),
  },
  // Only a holder of a GitHub channel's webhook secret (test/http/github-webhook.test.ts); none of these.
  "POST /channels/:id/github": {
    allow: nobody,
    call: ({ ids }) => ({ path: `/channels/${ids.channel}/github`, body: { action: "opened" } }),
  },
  // Owners of the channel's loop (this channel is not a GitHub one: they get invalid_input, others are refused first).
  "POST /channels/:id/github/backfill": {
    allow: ownersOfA,
    call: ({ ids }) => ({ path: `/channels/${ids.channel}/github/backfill`, body: {} }),
  },
  // A channel's health quotes what targets answered (as lastError does): owners of its loop only.
  "GET /channels/health": { allow: ownersOfA, call: () => ({ path: "/channels/health" }) },
  "GET /channels/:id/health": { allow: ownersOfA, call: ({ ids }) => ({ path: `/channels/${ids.channel}/health` }) },
  // A delivery of the channel that is not dead: the allowed get invalid_transition (409), the others are refused first.
  "POST /channels/:id/deliveries/:deliveryId/replay": {
    allow: ownersOfA,
    call: async ({ ids }) => {
      const [row] = await app.db.query<{ id: string }>(
        `insert into outbox (kind, idempotency_key, payload)
         values ('github_event', $1, jsonb_build_object('channelId', $2::text)) returning id`,
        [unique("matrix-replay"), ids.channel],
      );
      return { path: `/channels/${ids.channel}/deliveries/${row?.id}/replay`, body: {} };
    },
  },
  // Only Discourse, holding a forum channel's secret (test/forum/forum-http.test.ts); none of these.
  "POST /channels/:id/discourse": {
    allow: nobody,
    call: ({ ids }) => ({ path: `/channels/${ids.channel}/discourse`, body: { topic: { id: 1, title: "unsigned" } } }),
  },
  // A contact's own view opens with their link; without it (a forged one) nobody gets in, not even an administrator.
  "GET /customer/:token": {
    allow: ["contact"],
    call: ({ customerToken }, who) => ({
      path: `/customer/${who === "contact" ? customerToken : forged(customerToken)}`,
    }),
  },
  "POST /customer/:token/answers": {
    allow: ["contact"],
    call: ({ customerToken, ids }, who) => ({
      path: `/customer/${who === "contact" ? customerToken : forged(customerToken)}/answers`,
      body: { notificationId: ids.notification, answer: "works" },
    }),
  },
  "POST /customer-links": {
    allow: everyone,
    call: () => ({ path: "/customer-links", body: { email: "carla@customer.example" } }),
  },
};

/**
 * More rows for routes whose targets may belong to two loops: a signal (its channel's loop, whose
 * customer it is) and a pattern (the shared knowledge base, changed by its loop). Attaching needs the
 * builder role on both sides — a snapback of the pattern's loop would notify the signal's customer;
 * detaching, on either side (each loop may take its own signal or pattern back). docs/SECURITY.md.
 */
const crossLoopRows: Record<string, Row> = {
  "POST /patterns/:id/signals, loop B's signal on loop A's pattern": {
    allow: admins,
    call: ({ ids }) => ({ path: `/patterns/${ids.pattern}/signals`, body: { signalIds: [ids.signalB] } }),
  },
  "POST /patterns/:id/signals, loop A's signal on loop B's pattern": {
    allow: admins,
    call: ({ ids }) => ({ path: `/patterns/${ids.patternB}/signals`, body: { signalIds: [ids.signal] } }),
  },
  "POST /patterns/:id/merge, loop B's pattern into loop A's": {
    allow: admins,
    call: async ({ ids }) => ({
      path: `/patterns/${await patternOf(ids.loopB)}/merge`,
      body: { targetId: await patternOf(ids.loopA), preview: true },
    }),
  },
  "DELETE /patterns/:id/signals/:signalId, loop B's signal from loop A's pattern": {
    allow: anyBuilder,
    call: async ({ ids }) => {
      await app.call("POST", `/patterns/${ids.pattern}/signals`, { signalIds: [ids.signalB] });
      return { path: `/patterns/${ids.pattern}/signals/${ids.signalB}` };
    },
  },
  "DELETE /patterns/:id/signals/:signalId, loop A's signal from loop B's pattern": {
    allow: anyBuilder,
    call: async ({ ids }) => {
      await app.call("POST", `/patterns/${ids.patternB}/signals`, { signalIds: [ids.signal] });
      return { path: `/patterns/${ids.patternB}/signals/${ids.signal}` };
    },
  },
};

/** A subscription of a loop to one event type, at a public address (nothing is delivered in this test). */
const subscriptionOf = (loopId: string) => ({
  loopId,
  url: "https://hooks.example/loopwork",
  eventTypes: ["version.created"],
});
/** A new subscription of a loop's, made by the administrator: its id. */
async function subscribed(loopId: string): Promise<string> {
  const made = await app.call<{ id: string }>("POST", "/webhook-subscriptions", subscriptionOf(loopId));
  expect(made.status).toBe(201);
  return made.body.id;
}

/** A new open pattern of a loop's, made by the administrator: its id. */
async function patternOf(loopId: string): Promise<string> {
  const made = await app.call<{ id: string }>("POST", "/patterns", { loopId, title: unique("pattern") });
  expect(made.status).toBe(201);
  return made.body.id;
}

/** The same token with its signature changed. */
const forged = (token: string) => token.replace(/.$/, (c) => (c === "A" ? "B" : "A"));

beforeAll(async () => {
  app = await startTestApp({ signInLimit: 10_000 });
  fx = await accessFixture(app);
});
afterAll(async () => app?.stop());

/** Calls one route as one principal; the stream is opened, its status read, and closed. */
async function attempt(method: string, call: Call, who: Who): Promise<{ status: number; code?: string }> {
  const controller = new AbortController();
  const headers = {
    ...credentialHeaders(fx.as[who], method),
    ...(call.body === undefined ? {} : { "content-type": "application/json" }),
    accept: "application/json",
  };
  const response = await fetch(app.url + call.path, {
    method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    signal: controller.signal,
  });
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    controller.abort();
    return { status: response.status };
  }
  const text = await response.text();
  const code = text.startsWith("{") ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined;
  return { status: response.status, code };
}

const routeKeys = allRoutes().map((r) => `${r.method} ${r.url}`);

describe(`the authorization matrix (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("has a row for every route of the API, and no row for a route that is gone", () => {
    expect(
      routeKeys.filter((key) => !rows[key]),
      "routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(rows).filter((key) => !routeKeys.includes(key)),
      "rows without a route",
    ).toEqual([]);
  });

  it("lets exactly the allowed principals through every route", { timeout: 120_000 }, async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    // Signing out ends the sessions it is called with: that row runs last.
    const ordered = [
      ...routeKeys.filter((key) => key !== "DELETE /session"),
      ...Object.keys(crossLoopRows),
      "DELETE /session",
    ];
    for (const key of ordered) {
      const row = rows[key] ?? crossLoopRows[key];
      if (!row) continue;
      const [method = "GET"] = key.split(" ");
      for (const who of principals) {
        const result = await attempt(method, await row.call(fx, who), who);
        expect(result.status, `${key} as ${who} answered a 500`).toBeLessThan(500);
        const denied = [401, 403, 404].includes(result.status);
        // A denial says why with its stable code: not signed in, not allowed, or (hidden) not found.
        if (denied) {
          expect(
            ["unauthenticated", "forbidden", "not_found", "invalid_signature", "csrf_failed"],
            `${key} as ${who}`,
          ).toContain(result.code);
        }
        outcomes.push(`${key} as ${who}: ${denied ? `denied (${result.status} ${result.code})` : "allowed"}`);
        expected.push(`${key} as ${who}: ${row.allow.includes(who) ? "allowed" : "denied"}`);
      }
    }
    // Compared as a whole, so one run shows every wrong cell at once.
    expect(outcomes.map((o) => o.replace(/ \(.*\)$/, ""))).toEqual(expected);
  });
});
