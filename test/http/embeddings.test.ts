import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suggestPatterns } from "../../src/services/suggest-patterns.js";
import { runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackEmbeddings, startLoopbackEmbeddings } from "../helpers/loopback-embeddings.js";

const key = "sk-test-d0n7-5h0w-m3";
const model = "concepts-12";
let app: TestApp;
let provider: LoopbackEmbeddings;
beforeAll(async () => {
  provider = await startLoopbackEmbeddings({ model, key });
  app = await startTestApp({ embeddings: { url: provider.url, model, key, timeoutMs: 400 } });
});
afterAll(async () => {
  await app?.stop();
  await provider?.close();
});

type Suggestions = {
  embeddings: { state: string; model: string | null; reason: string | null };
  suggestions: { patternId: string; score: number; reasons: string[]; meaning?: number | null }[];
};

/** A loop with a pattern about freezing settings and one about calendar sync, each with reports attached. */
async function world() {
  // Starting with a letter: "5e3xyz" would be read as the number 5e3 and the word xyz (matching.test.ts).
  const tag = `t${Math.random().toString(36).slice(2, 8)}`;
  const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: `e-${tag}`, name: `Embeddings ${tag}` })).body;
  const channel = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.id,
      slug: `e-${tag}`,
      name: "Mail",
      kind: "email",
    })
  ).body;
  const pattern = async (title: string) =>
    (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title })).body.id;
  const signal = async (title: string, body = "", patternIds: string[] = []) => {
    const answer = await app.call<{ id: string; patternIds: string[] }>("POST", "/signals", {
      channelId: channel.id,
      contact: { email: `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com` },
      title,
      body,
      patternIds,
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const freezes = await pattern("Window freezes when opening settings");
  const calendar = await pattern("Calendar sync fails");
  await signal("App frozen after I open settings", "It stays frozen until I kill it", [freezes]);
  await signal("Settings page unresponsive", "Clicking settings and nothing reacts", [freezes]);
  await signal("Agenda does not sync", "Events from my phone never arrive", [calendar]);
  return { loop, channel, freezes, calendar, signal };
}

describe(`embeddings (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("finds a pattern in other words through the provider, says so, and auto-attaches naming the model", async () => {
    const w = await world();
    // Not one word in common with the pattern or its reports: text alone finds nothing.
    const s = await w.signal("Program hangs on the preferences screen");
    const textOnly = await suggestPatterns(app.db, s.id);
    expect(textOnly.embeddings.state).toBe("off");
    expect(textOnly.suggestions.map((x) => x.patternId)).not.toContain(w.freezes);
    const answer = await app.call<Suggestions>("GET", `/signals/${s.id}/suggestions`);
    expect(answer.status).toBe(200);
    expect(answer.body.embeddings).toEqual({ state: "used", model, reason: null });
    const [best] = answer.body.suggestions;
    expect(best?.patternId).toBe(w.freezes);
    expect(best?.meaning).toBeGreaterThan(0.9);
    expect(best?.reasons.join(" ")).toMatch(/Close in meaning to “.+”.*cosine 0\.9/);
    expect(answer.body.suggestions.map((x) => x.patternId)).not.toContain(w.calendar);

    // What the provider was sent: the documented request, the key as Bearer, the texts themselves.
    expect(provider.refused).toEqual([]);
    expect(provider.received.length).toBeGreaterThan(0);
    for (const request of provider.received) {
      expect(request).toMatchObject({ path: "/v1/embeddings", authorization: `Bearer ${key}`, model });
    }
    const sent = provider.received.flatMap((r) => r.input);
    expect(sent).toContain("Program hangs on the preferences screen\n\n");
    expect(sent).toContain("Window freezes when opening settings\n\n");
    // Asked again: every vector is stored, the provider is not asked.
    const before = provider.received.length;
    await app.call<Suggestions>("GET", `/signals/${s.id}/suggestions`);
    expect(provider.received.length).toBe(before);

    await app.call("PATCH", `/channels/${w.channel.id}`, { config: { autoAttachThreshold: 0.35 } });
    // Close in meaning alone is suggested to people, never attached by the matcher on its own.
    const stuck = await w.signal("Everything is stuck in the options dialog");
    expect(stuck.patternIds).toEqual([]);
    const stuckSuggested = await app.call<Suggestions>("GET", `/signals/${stuck.id}/suggestions`);
    expect(stuckSuggested.body.suggestions[0]?.patternId).toBe(w.freezes);
    // Words in common and close in meaning: attached, by the matcher and the model it used.
    const frozen = await w.signal("Window freezes in the options dialog");
    expect(frozen.patternIds).toEqual([w.freezes]);
    const version = (await app.call<{ version: number }>("GET", "/matcher")).body.version;
    const events = await app.call<{ items: { actor: string; verb: string; after: { signalIds: string[] } }[] }>(
      "GET",
      `/timeline?entityType=pattern&entityId=${w.freezes}`,
    );
    const auto = events.body.items.find((e) => e.verb === "attached" && e.after.signalIds.includes(frozen.id));
    expect(auto?.actor).toBe(`matcher:v${version}+embeddings:${model}`);
  });

  it("a batch embeds its reports in one request before matching them", async () => {
    const w = await world();
    await app.call("PATCH", `/channels/${w.channel.id}`, { config: { autoAttachThreshold: 0.35 } });
    const before = provider.received.length;
    const titles = ["Unresponsive preferences dialog", "Options screen frozen", "Agenda events not syncing"];
    const batch = await app.call<{ items: { id: string; patternIds: string[] }[] }>("POST", "/signals/batch", {
      signals: titles.map((title, i) => ({ channelId: w.channel.id, contact: { email: `b${i}@example.com` }, title })),
    });
    expect(batch.status).toBe(201);
    const [first] = provider.received.slice(before);
    expect(first?.input).toEqual(titles.map((t) => `${t}\n\n`));
    // Each to a pattern of its meaning (the first test's world has patterns of the same titles).
    const titlesOf = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await app.call<{ title: string }>("GET", `/patterns/${id}`)).body.title));
    const filed = await Promise.all(batch.body.items.map((s) => titlesOf(s.patternIds)));
    expect(filed).toEqual([
      ["Window freezes when opening settings"],
      ["Window freezes when opening settings"],
      ["Calendar sync fails"],
    ]);
    expect(provider.refused).toEqual([]);
  });

  it("GET /matcher and `loopwork matcher` show the provider, never its key", async () => {
    const answer = await app.call<{ embeddings: Record<string, unknown> }>("GET", "/matcher");
    expect(answer.body.embeddings).toMatchObject({
      enabled: true,
      model,
      url: provider.url,
      keySet: true,
      timeoutMs: 400,
    });
    expect(JSON.stringify(answer.body)).not.toContain(key);
    const cli = await runCli(app.url, ["matcher"], { token: app.adminToken });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(
      `Embeddings: on, model ${model} at ${provider.url} (a key is set), waiting at most 400 ms.`,
    );
    expect(cli.stdout).not.toContain(key);
  });

  it("a provider that times out never fails intake: text only, saying why; stored vectors still serve", async () => {
    const w = await world();
    const warm = await w.signal("Program hangs on the preferences screen");
    expect((await app.call<Suggestions>("GET", `/signals/${warm.id}/suggestions`)).body.embeddings.state).toBe("used");

    provider.delayMs = 1500;
    await app.call("PATCH", `/channels/${w.channel.id}`, { config: { autoAttachThreshold: 0.9 } });
    const started = Date.now();
    const slow = await w.signal("Settings freeze again", "the settings window freezes");
    expect(Date.now() - started).toBeLessThan(1400);
    const answer = await app.call<Suggestions>("GET", `/signals/${slow.id}/suggestions`);
    expect(answer.status).toBe(200);
    expect(answer.body.embeddings.state).toBe("unavailable");
    expect(answer.body.embeddings.reason).toMatch(/^Text only: .*no answer within 400 ms/);
    // Text alone still finds it (the words are shared; the first test's pattern of that title too).
    expect(answer.body.suggestions.map((x) => x.patternId)).toContain(w.freezes);
    expect(answer.body.suggestions.every((x) => x.meaning === undefined)).toBe(true);
    // The provider rests after a failure; what is stored is used without asking it.
    const asked = provider.received.length;
    const cached = await app.call<Suggestions>("GET", `/signals/${warm.id}/suggestions`);
    expect(cached.body.embeddings.state).toBe("used");
    expect(provider.received.length).toBe(asked);
    const health = await app.call<{ embeddings: { lastFailure: { reason: string } | null } }>("GET", "/matcher");
    expect(health.body.embeddings.lastFailure?.reason).toBe("no answer within 400 ms");
    provider.delayMs = 0;
  });
});
