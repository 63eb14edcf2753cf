import { ApiClient, CliError, type Entity } from "../cli/client.js";
import { channels, components, contacts, demoLoopSlug, loops, products, users } from "./demo-model.js";
import { patterns } from "./demo-patterns.js";
import { demoSignals, threadOf } from "./demo-signals.js";
import { improvements } from "./demo-work.js";
import { type Ids, planBrainstorm, type ShipResult, ship } from "./ship-demo.js";

/** What loading the demo did: how much it created and what its production deployments shipped. */
export interface DemoResult {
  /** True when the demo was there already: nothing was created. */
  alreadyLoaded: boolean;
  loopSlug: string;
  created: Record<string, number>;
  deployments: ShipResult["deployments"];
  /** Good starting points to explore: the pattern and the improvement the demo's snapback completed. */
  explore: { patternId?: string; improvementId?: string; release: string };
}

const day = 24 * 60 * 60 * 1000;

/**
 * Loads the demo loop through the HTTP API of the Loopwork server at baseUrl, so it works against any
 * running server. It creates the whole story (see src/demo/*), ending with production deployments whose
 * snapback completes improvements, addresses patterns and queues notifications. If the demo is loaded
 * already it changes nothing and says so. Over HTTP nothing can be undone, so it first makes sure that
 * none of its names and addresses is taken (it would stop halfway), and says so if an earlier run did.
 */
export async function loadDemo(baseUrl: string, token?: string): Promise<DemoResult> {
  const api = new ApiClient(baseUrl, token);
  const existing = await api.list("/loops", { slug: demoLoopSlug, limit: 1 });
  const loop = existing.items[0];
  if (loop) {
    // Its last step plans a brainstorm: without one, an earlier run stopped before the end.
    const topics = await api.list("/brainstorm-topics", { loopId: loop.id, limit: 1 });
    if (topics.items.length === 0) {
      throw new CliError(
        "conflict",
        `The demo was only partly loaded here (its loop ${demoLoopSlug} exists, but an earlier run stopped before the end). Load it into a fresh server: LOOPWORK_DATA=./demo-data npx loopwork start, then npx loopwork demo --url at that server.`,
      );
    }
    return {
      alreadyLoaded: true,
      loopSlug: demoLoopSlug,
      created: {},
      deployments: [],
      explore: { release: "desktop-app@5.2.0" },
    };
  }
  const taken = await takenNames(api);
  if (taken.length > 0) {
    throw new CliError(
      "conflict",
      `The demo cannot be loaded next to what this server holds: ${taken.join(", ")} exist already. Load it into a fresh server (LOOPWORK_DATA=./demo-data npx loopwork start).`,
    );
  }
  const ids: Ids = new Map();
  const id = (kind: string, key: string) => {
    const found = ids.get(`${kind}:${key}`);
    if (!found) throw new Error(`The demo data names an unknown ${kind} "${key}".`);
    return found;
  };
  const save = (kind: string, key: string, entity: Entity) => ids.set(`${kind}:${key}`, entity.id);

  for (const loop of loops) save("loop", loop.slug, await api.post("/loops", loop));
  for (const c of components) save("component", c.slug, await api.post("/components", c));
  for (const { components: parts, loop, ...p } of products) {
    save(
      "product",
      p.slug,
      await api.post("/products", {
        ...p,
        loopId: id("loop", loop),
        componentIds: parts.map((c) => id("component", c)),
      }),
    );
  }
  for (const { loop, ...c } of channels)
    save("channel", c.slug, await api.post("/channels", { ...c, loopId: id("loop", loop) }));
  for (const { key, ...u } of users) save("user", key, (await api.post<{ user: Entity }>("/users", u)).user);
  for (const { key, ...c } of contacts) save("contact", key, await api.post("/contacts", c));
  for (const { key, loop, ...p } of patterns) {
    save("pattern", key, await api.post("/patterns", { ...p, loopId: id("loop", loop) }));
  }

  const now = Date.now();
  // One by one, oldest first: ids are time-ordered, so lists (newest first) follow the story.
  let signals = 0;
  for (const [index, s] of demoSignals.entries()) {
    const channel = channels.find((c) => c.slug === s.channel);
    const contact = contacts.find((c) => c.key === s.from);
    if (!channel || !contact) throw new Error(`The demo signal "${s.title}" names an unknown channel or contact.`);
    await api.post("/signals", {
      channelId: id("channel", s.channel),
      contactId: id("contact", s.from),
      title: s.title,
      body: s.body,
      urgency: s.urgency ?? "normal",
      // Spread over the day too, so the timeline does not look machine-made.
      receivedAt: new Date(now - s.daysAgo * day - ((index * 37) % 600) * 60_000).toISOString(),
      productVersion: s.productVersion,
      patternIds: s.pattern ? [id("pattern", s.pattern)] : [],
      ...threadOf(s, channel.kind, contact.email, index),
    });
    signals++;
  }

  let issueCount = 0;
  let pullRequestCount = 0;
  for (const imp of improvements) {
    const created = await api.post("/improvements", {
      loopId: id("loop", imp.loop),
      ownerId: id("user", imp.owner),
      title: imp.title,
      why: imp.why,
      what: imp.what,
      how: imp.how,
      productIds: imp.products.map((p) => id("product", p)),
      patternIds: imp.patterns.map((p) => id("pattern", p)),
    });
    save("improvement", imp.key, created);
    // Walk the stages a team would: approve, then start.
    const stages = {
      proposed: [],
      approved: ["approved"],
      in_progress: ["approved", "in_progress"],
      rejected: ["rejected"],
    }[imp.status];
    for (const status of stages) await api.patch(`/improvements/${created.id}`, { status });
    if (imp.status === "rejected") {
      for (const p of imp.patterns) await api.patch(`/patterns/${id("pattern", p)}`, { status: "dismissed" });
    }
    for (const issue of imp.issues) {
      const repo = `https://github.com/inkwell/${issue.component}`;
      const createdIssue = await api.post("/issues", {
        componentId: id("component", issue.component),
        improvementId: created.id,
        number: issue.number,
        url: `${repo}/issues/${issue.number}`,
        title: issue.title,
        body: issue.body,
      });
      issueCount++;
      for (const pr of issue.pullRequests) {
        const createdPr = await api.post("/pull-requests", {
          componentId: id("component", issue.component),
          number: pr.number,
          url: `${repo}/pull/${pr.number}`,
          title: pr.title,
          issueIds: [createdIssue.id],
        });
        save("pull_request", `${issue.component}#${pr.number}`, createdPr);
        pullRequestCount++;
        if (pr.merged) await api.patch(`/pull-requests/${createdPr.id}`, { status: "merged" });
      }
    }
  }

  const shipped = await ship(api, ids);
  const brainstorm = await planBrainstorm(api, ids, now);
  const count = (kind: string) => [...ids.keys()].filter((key) => key.startsWith(`${kind}:`)).length;
  return {
    alreadyLoaded: false,
    loopSlug: demoLoopSlug,
    created: {
      loops: count("loop"),
      products: count("product"),
      components: count("component"),
      channels: count("channel"),
      contacts: count("contact"),
      signals,
      patterns: count("pattern"),
      improvements: count("improvement"),
      issues: issueCount,
      pullRequests: pullRequestCount + shipped.chores,
      versions: shipped.versions,
      releases: shipped.releases,
      deployments: shipped.deployments.length,
      brainstormTopics: brainstorm.topics,
      brainstormSessions: brainstorm.sessions,
    },
    deployments: shipped.deployments,
    explore: {
      patternId: ids.get("pattern:sync"),
      improvementId: ids.get("improvement:merge-offline-edits"),
      release: "desktop-app@5.2.0",
    },
  };
}

/** The demo's unique names and addresses that the server holds already: each would refuse the demo halfway. */
async function takenNames(api: ApiClient): Promise<string[]> {
  const unique: [path: string, kind: string, field: "slug" | "email", values: string[]][] = [
    ["/loops", "loop", "slug", loops.map((l) => l.slug)],
    ["/components", "component", "slug", components.map((c) => c.slug)],
    ["/products", "product", "slug", products.map((p) => p.slug)],
    ["/channels", "channel", "slug", channels.map((c) => c.slug)],
    ["/users", "user", "email", users.map((u) => u.email)],
    ["/contacts", "contact", "email", contacts.map((c) => c.email)],
  ];
  const found = await Promise.all(
    unique.flatMap(([path, kind, field, values]) =>
      values.map(async (value) =>
        (await api.list(path, { [field]: value, limit: 1 })).items.length > 0 ? [`${kind} ${value}`] : [],
      ),
    ),
  );
  return found.flat();
}
