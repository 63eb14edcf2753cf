import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Hit = { type: string; id: string; title: string; snippet: string; rank: number; status: string | null };
type Page = { items: { id: string; title: string }[]; nextCursor: string | null };

/** A loop with a channel; every name unique to this call, so tests do not see each other's rows. */
async function world() {
  const tag = Math.random().toString(36).slice(2, 8);
  const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: `s-${tag}`, name: `Search ${tag}` })).body;
  const channel = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.id,
      slug: `c-${tag}`,
      name: "Mail",
      kind: "email",
    })
  ).body;
  const pattern = async (title: string, description = "") =>
    (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title, description })).body.id;
  const signal = async (title: string, body = "", patternIds: string[] = []) =>
    (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`, name: `Zed ${tag}` },
        title,
        body,
        patternIds,
      })
    ).body.id;
  return { tag, loop, channel, pattern, signal };
}

describe(`search (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("GET /patterns?q= filters and ranks: a title match first, prefixes as you type, typos in titles", async () => {
    const w = await world();
    const sync = await w.pattern(`Calendar synchronisation ${w.tag} stops after sleep`);
    const body = await w.pattern(`Slow dashboard ${w.tag}`, "the calendar widget is slow to load");
    await w.pattern(`Export drops rows ${w.tag}`);
    const ids = async (q: string) =>
      (await app.call<Page>("GET", `/patterns?q=${encodeURIComponent(q)}&loopId=${w.loop.id}`)).body.items.map(
        (p) => p.id,
      );
    expect(await ids("calendar")).toEqual([sync, body]);
    expect(await ids("syn")).toEqual([sync]);
    expect(await ids("cal")).toEqual([sync, body]);
    expect(await ids("synchronsation")).toEqual([sync]); // a letter left out: trigram similarity
    expect(await ids("zzqxwvy")).toEqual([]);
  });

  it("GET /patterns?q= tries typos only when no pattern holds every word (docs/API.md)", async () => {
    const w = await world();
    const right = await w.pattern(`Invoice totals ${w.tag} are rounded`);
    const typo = await w.pattern(`Invoce totals ${w.tag} wrong`);
    const ids = async (q: string) =>
      (await app.call<Page>("GET", `/patterns?q=${encodeURIComponent(q)}&loopId=${w.loop.id}`)).body.items.map(
        (p) => p.id,
      );
    expect(await ids(`invoice ${w.tag}`)).toEqual([right]);
    expect(await ids(`invoic ${w.tag}`)).toEqual([right]); // a prefix is a word as you type it
    expect(await ids("invoce")).toEqual([typo]);
    expect((await ids("invoise totals")).sort()).toEqual([right, typo].sort()); // nothing holds "invoise"
    // Only what the search may show counts as holding the words: another loop's "Invoise" does not keep
    // this loop's typo from being found (nor says that a word is there).
    const other = await world();
    await other.pattern(`Invoise ${w.tag} export`);
    expect((await ids("invoise")).sort()).toEqual([right, typo].sort());
  });

  it("GET /signals?attached=false is the triage queue, newest first; q searches title over body", async () => {
    const w = await world();
    const p = await w.pattern(`Crash ${w.tag}`);
    const attached = await w.signal(`App crashes on start ${w.tag}`, "", [p]);
    const first = await w.signal(`Crash when saving ${w.tag}`, "saving a file");
    const second = await w.signal(`Printing ${w.tag}`, "it crashed when I printed");
    const queue = await app.call<Page>("GET", `/signals?attached=false&channelId=${w.channel.id}`);
    expect(queue.body.items.map((s) => s.id)).toEqual([second, first]);
    const done = await app.call<Page>("GET", `/signals?attached=true&channelId=${w.channel.id}`);
    expect(done.body.items.map((s) => s.id)).toEqual([attached]);
    // Title (A) over body (B): "crash" in the title of `first` outranks "crashed" in the body of `second`.
    const found = await app.call<Page>("GET", `/signals?q=crash&attached=false&channelId=${w.channel.id}`);
    expect(found.body.items.map((s) => s.id)).toEqual([first, second]);
    expect(found.body.nextCursor).toBeNull();
  });

  it("GET /search ranks across types with type, id, title and snippet; filters leave out types they do not fit", async () => {
    const w = await world();
    const word = `quasar${w.tag}`;
    const pattern = await w.pattern(`${word} export fails`);
    const signal = await w.signal(`Export broken`, `my ${word} export fails every night`);
    const improvement = (
      await app.call<{ id: string }>("POST", "/improvements", { loopId: w.loop.id, title: `Rewrite ${word} export` })
    ).body.id;
    const all = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((h) => [h.type, h.id])).toEqual(
      expect.arrayContaining([
        ["pattern", pattern],
        ["signal", signal],
        ["improvement", improvement],
      ]),
    );
    // Title matches (the pattern's, the improvement's) rank above the signal's body match.
    expect(all.body.items.at(-1)?.id).toBe(signal);
    expect(all.body.items.find((h) => h.id === signal)?.snippet).toContain(`«${word}»`);
    const contacts = await app.call<{ items: Hit[] }>("GET", `/search?q=zed ${w.tag}&types=contact`);
    expect(contacts.body.items.length).toBeGreaterThan(0);
    expect(contacts.body.items.every((h) => h.type === "contact")).toBe(true);
    const onlyChannel = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&channelId=${w.channel.id}`);
    expect(onlyChannel.body.items.map((h) => h.id)).toEqual([signal]);
    const open = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&status=open&loopId=${w.loop.id}`);
    expect(open.body.items.map((h) => h.id)).toEqual([pattern]);
    const future = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&from=2999-01-01T00:00:00Z`);
    expect(future.body.items).toEqual([]);
    // A date alone is its midnight, UTC: everything made today is at or after today's date.
    const today = new Date().toISOString().slice(0, 10);
    const sinceToday = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&from=${today}&types=signal`);
    expect(sinceToday.body.items.map((h) => h.id)).toEqual([signal]);
    const beforeToday = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&to=${today}&types=signal`);
    expect(beforeToday.body.items).toEqual([]);
  });

  it("ranks a signal whose body holds every word above a title only alike the query, below a title that holds it", async () => {
    const w = await world();
    const word = `quorvex${w.tag}`;
    // No pattern holds the word: the one whose title is alike (a letter left out) is found as a typo.
    const alike = await w.pattern(`Quorvx${w.tag} totals`);
    const title = await w.signal(`${word} totals wrong`);
    const body = await w.signal("Billing problem", `the ${word} totals are wrong again`); // newer
    const hits = (await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&types=signal,pattern&loopId=${w.loop.id}`))
      .body.items;
    expect(hits.map((h) => h.id)).toEqual([title, body, alike]);
    // The snippet shows where the body holds it.
    expect(hits[1]?.snippet).toContain(`«${word}»`);
  });

  it("GET /signals?q= and GET /search rank a body holding every word above a title holding one of them", async () => {
    const w = await world();
    const word = `vexlor${w.tag}`;
    const q = encodeURIComponent(`${word} rounding`);
    const title = await w.signal(`${word} rounding is off`, "seen on the monthly invoice");
    const body = await w.signal("Billing problem", `the ${word} rounding is off by a cent`);
    // Newer than both: its title holds one word; its body holds the other, far from it.
    const one = await w.signal(
      `${word} report`,
      "the monthly report opens slowly and then, after a long wait, shows every total with the rounding",
    );
    const listed = await app.call<Page>("GET", `/signals?q=${q}&channelId=${w.channel.id}`);
    expect(listed.body.items.map((s) => s.id)).toEqual([title, body, one]);
    const found = await app.call<{ items: Hit[] }>("GET", `/search?q=${q}&types=signal&channelId=${w.channel.id}`);
    expect(found.body.items.map((h) => h.id)).toEqual([title, body, one]);
    // Patterns alike: a description holding both words above a title holding one, below a title holding both.
    const named = await w.pattern(`${word} rounding`);
    const described = await w.pattern("Billing", `the ${word} rounding is off by a cent`);
    const partly = await w.pattern(
      `${word} report`,
      "the monthly report opens slowly and then, after a long wait, shows every total with the rounding",
    );
    const patterns = await app.call<Page>("GET", `/patterns?q=${q}&loopId=${w.loop.id}`);
    expect(patterns.body.items.map((p) => p.id)).toEqual([named, described, partly]);
  });

  it("GET /search with a type named twice finds each hit once", async () => {
    const w = await world();
    const word = `quokka${w.tag}`;
    const pattern = await w.pattern(`${word} sync stalls`);
    const signal = await w.signal(`${word} sync stalls at night`);
    const twice = await app.call<{ items: Hit[] }>("GET", `/search?q=${word}&types=signal,pattern,signal`);
    expect(twice.status).toBe(200);
    expect(twice.body.items.map((h) => h.id).sort()).toEqual([pattern, signal].sort());
  });

  it("finds a contact by the whole email address pasted in any letters, as people look customers up", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const email = `Rita.Ops-${tag}@Example.com`;
    const made = await app.call<{ id: string }>("POST", "/contacts", { email, name: `Rita ${tag}` });
    const found = await app.call<{ items: Hit[] }>(
      "GET",
      `/search?q=${encodeURIComponent(email.toLowerCase())}&types=contact`,
    );
    expect(found.body.items.map((h) => h.id)).toEqual([made.body.id]);
    const listed = await app.call<Page>("GET", `/contacts?q=${encodeURIComponent(email.toUpperCase())}`);
    expect(listed.body.items.map((c) => c.id)).toEqual([made.body.id]);
    // The exact filter takes the address in other letters too: it is unique whatever the letters.
    const filtered = await app.call<Page>("GET", `/contacts?email=${encodeURIComponent(email.toLowerCase())}`);
    expect(filtered.body.items.map((c) => c.id)).toEqual([made.body.id]);
  });

  it("finds a contact by what people type of it: the start of its address, its domain, any part of a name without spaces", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const made = await app.call<{ id: string }>("POST", "/contacts", {
      email: `u1${tag}@example${tag}.com`,
      name: `山田太郎 ${tag}`,
    });
    const other = await app.call<{ id: string }>("POST", "/contacts", {
      email: `rita.ops-${tag}@mail.acme${tag}.co.uk`,
      name: `Rita Ops ${tag}`,
    });
    const found = async (q: string) => {
      const searched = await app.call<{ items: Hit[] }>("GET", `/search?q=${encodeURIComponent(q)}&types=contact`);
      const listed = await app.call<Page>("GET", `/contacts?q=${encodeURIComponent(q)}`);
      // GET /search and a list's q find the same contacts.
      expect(listed.body.items.map((c) => c.id)).toEqual(searched.body.items.map((h) => h.id));
      return searched.body.items.map((h) => h.id);
    };
    // Typed as far as the domain, the domain alone, the start of it.
    expect(await found(`u1${tag}@exa`)).toEqual([made.body.id]);
    expect(await found(`example${tag}.com`)).toEqual([made.body.id]);
    expect(await found(`example${tag}`)).toEqual([made.body.id]);
    expect(await found(`u1${tag}@example${tag}.com`)).toEqual([made.body.id]);
    // A local part's words, and up to the start of a subdomain.
    expect(await found(`rita.ops-${tag}@mai`)).toEqual([other.body.id]);
    expect(await found(`ops ${tag}`)).toEqual([other.body.id]);
    expect(await found(`mail.acme${tag}.co.uk`)).toEqual([other.body.id]);
    // A Japanese name is written without spaces: its family name, its given name, any part of it.
    for (const part of ["山田", "太郎", "田太", "山田太郎"])
      expect(await found(`${part} ${tag}`)).toEqual([made.body.id]);
  });

  it("reads the words before the last whole first, and as prefixes only when whole words find too few", async () => {
    const w = await world();
    const whole = await w.signal(`Log sync fails ${w.tag}`);
    const longer = await w.signal(`Login sync fails ${w.tag}`); // newer: first among equals
    const ids = async (q: string, limit: number, path = "/search") =>
      (
        await app.call<{ items: { id: string }[] }>(
          "GET",
          `${path}?q=${encodeURIComponent(q)}&limit=${limit}${path === "/search" ? "&types=signal" : ""}`,
        )
      ).body.items.map((h) => h.id);
    // One asked for: the signal holding the whole word "log", though "login" also begins with it.
    expect(await ids(`log sync ${w.tag}`, 1)).toEqual([whole]);
    expect(await ids(`log sync ${w.tag}`, 1, "/signals")).toEqual([whole]);
    // More asked for than whole words find: every word a prefix, both.
    expect((await ids(`log sync ${w.tag}`, 20)).sort()).toEqual([whole, longer].sort());
    expect((await ids(`log sync ${w.tag}`, 20, "/signals")).sort()).toEqual([whole, longer].sort());
    // A title only alike the words (a typo's way to match) never answers before the titles that hold them
    // as prefixes were looked for.
    const holds = await w.pattern(`Login sync fails ${w.tag}`);
    const alike = await w.pattern(`Xlog sync ${w.tag}`);
    const patterns = async (limit: number) =>
      (
        await app.call<Page>(
          "GET",
          `/patterns?q=${encodeURIComponent(`log sync ${w.tag}`)}&loopId=${w.loop.id}&limit=${limit}`,
        )
      ).body.items.map((p) => p.id);
    expect(await patterns(1)).toEqual([holds]);
    expect(await patterns(2)).toEqual([holds]);
    // …though typos do find it where no title holds the words: the two above were a real choice.
    const typo = await app.call<Page>("GET", `/patterns?q=xlogg&loopId=${w.loop.id}`);
    expect(typo.body.items.map((p) => p.id)).toEqual([alike]);
    // Words typed halfway still find: "exp csv" as "Export to CSV".
    const csv = await w.signal(`Export to CSV drops rows ${w.tag}`);
    expect(await ids(`exp csv ${w.tag}`, 20)).toEqual([csv]);
  });

  it("finds what a word being typed begins when the word so far is an English stop word ('up', 'off', 'no')", async () => {
    const w = await world();
    const upload = await w.signal("Uploads stall at 90%", `reported by ${w.tag}`);
    const offline = await w.signal("Offline edits vanish", `reported by ${w.tag}`);
    const signIn = await w.signal("Cannot sign in", `reported by ${w.tag}`);
    const notes = await w.pattern(`Notes list ${w.tag} is empty`);
    const signals = async (q: string) =>
      (await app.call<Page>("GET", `/signals?q=${encodeURIComponent(q)}&channelId=${w.channel.id}`)).body.items.map(
        (s) => s.id,
      );
    // On the way to "upload" and "offline": "u" and "upl" found the report, "up" and "off" nothing.
    expect(await signals("u")).toContain(upload);
    expect(await signals("up")).toEqual([upload]);
    expect(await signals("off")).toEqual([offline]);
    const search = await app.call<{ items: Hit[] }>("GET", `/search?q=off&channelId=${w.channel.id}`);
    expect(search.body.items.map((h) => h.id)).toEqual([offline]);
    const patterns = await app.call<Page>("GET", `/patterns?q=no&loopId=${w.loop.id}`);
    expect(patterns.body.items.map((p) => p.id)).toEqual([notes]);
    // A stop word after other words is dropped as before: "sign in" finds "Cannot sign in".
    expect(await signals("sign in")).toEqual([signIn]);
    // Only one word is read as typed: "how to" does not find every word that begins so.
    const however = await w.signal("However tomorrow it broke", `reported by ${w.tag}`);
    expect(await signals("how")).toEqual([however]);
    expect(await signals("how to")).toEqual([]);
  });

  it("finds versions, files with their line and hosts as people paste them; refuses more words than it takes", async () => {
    const w = await world();
    const version = await w.signal(`Sync engine 2.4.1 drops edits ${w.tag}`, "since the update");
    const file = await w.signal(`Crash ${w.tag}`, "TypeError at Database.open (db.js:88:12) on launch");
    const host = await w.signal(`Webhooks to hooks.example.org time out ${w.tag}`);
    const ids = async (q: string) =>
      (
        await app.call<{ items: Hit[] }>("GET", `/search?q=${encodeURIComponent(`${q} ${w.tag}`)}&types=signal`)
      ).body.items.map((h) => h.id);
    expect(await ids("2.4.1")).toEqual([version]);
    expect(await ids("engine 2.4")).toEqual([version]);
    expect(await ids("db.js:88")).toEqual([file]);
    expect(await ids("db.js")).toEqual([file]);
    expect(await ids("hooks.example.org")).toEqual([host]);
    const listed = await app.call<Page>("GET", `/signals?q=${encodeURIComponent(`2.4.1 ${w.tag}`)}`);
    expect(listed.body.items.map((s) => s.id)).toEqual([version]);
    // Every word must occur: 17 words are refused, not searched for their first 16.
    const many = await app.call<{ error: { code: string; path: string } }>(
      "GET",
      `/search?q=${encodeURIComponent(`${"app ".repeat(16)}zzzz`)}`,
    );
    expect([many.status, many.body.error.code, many.body.error.path]).toEqual([400, "invalid_input", "query.q"]);
  });

  it("finds an error code as people paste or type it: AUTH-401, ORA-00942 (PostgreSQL reads '-401')", async () => {
    const w = await world();
    const signal = await w.signal(`Login ${w.tag} fails`, "The page says AUTH-401 since Monday");
    const pattern = await w.pattern(`Saving ${w.tag} fails with ORA-00942`);
    const found = async (q: string) =>
      (
        await app.call<{ items: Hit[] }>("GET", `/search?q=${encodeURIComponent(q)}&loopId=${w.loop.id}`)
      ).body.items.map((hit) => hit.id);
    expect(await found("AUTH-401")).toEqual([signal]);
    expect(await found("auth-40")).toEqual([signal]);
    expect(await found("401")).toEqual([signal]);
    expect(await found("ORA-00942")).toEqual([pattern]);
    expect(await found("AUTH-402")).toEqual([]);
    const listed = await app.call<Page>(
      "GET",
      `/signals?q=${encodeURIComponent("AUTH-401")}&channelId=${w.channel.id}`,
    );
    expect(listed.body.items.map((s) => s.id)).toEqual([signal]);
  });

  it("GET /search finds releases by name or version and deployments by their release and environment", async () => {
    const w = await world();
    const component = (await app.call<{ id: string }>("POST", "/components", { slug: `k-${w.tag}`, name: "Web" })).body;
    const product = (
      await app.call<{ id: string }>("POST", "/products", {
        loopId: w.loop.id,
        slug: `p-${w.tag}`,
        name: "Shop",
        componentIds: [component.id],
      })
    ).body;
    await app.call("POST", "/environments", { name: `prod-${w.tag}`, production: true });
    // A version of this test's own (a first part no other test's has: "v7" finds only it).
    const version = `${70 + Math.floor(Math.random() * 900)}.${Math.floor(Math.random() * 1000)}.3`;
    await app.call("POST", "/versions", { componentId: component.id, name: `web-${version}` });
    const release = (
      await app.call<{ id: string }>("POST", "/releases", { productId: product.id, name: `v${version}` })
    ).body;
    const { deployment } = (
      await app.call<{ deployment: { id: string } }>("POST", "/deployments", {
        releaseId: release.id,
        environment: `prod-${w.tag}`,
      })
    ).body;
    const found = await app.call<{ items: Hit[] }>("GET", `/search?q=${encodeURIComponent(`v${version}`)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((h) => [h.type, h.id, h.title])).toEqual(
      expect.arrayContaining([
        ["release", release.id, `v${version}`],
        ["deployment", deployment.id, `v${version} to prod-${w.tag}`],
      ]),
    );
    // As it is typed: the first part of the version; the deployment by its environment too.
    const typed = await app.call<{ items: Hit[] }>(
      "GET",
      `/search?q=v${version.split(".")[0]}.&types=release&productId=${product.id}`,
    );
    expect(typed.body.items.map((h) => h.id)).toEqual([release.id]);
    const byEnvironment = await app.call<{ items: Hit[] }>("GET", `/search?q=prod-${w.tag}&types=deployment`);
    expect(byEnvironment.body.items.map((h) => [h.id, h.status])).toEqual([[deployment.id, "pending"]]);
    const otherLoop = await world();
    const elsewhere = await app.call<{ items: Hit[] }>("GET", `/search?q=v${version}&loopId=${otherLoop.loop.id}`);
    expect(elsewhere.body.items).toEqual([]);
    const listed = await app.call<Page>("GET", `/releases?q=v${version}`);
    expect(listed.body.items.map((r) => r.id)).toEqual([release.id]);
  });

  it("a token bound to a loop finds only that loop's improvements", async () => {
    const a = await world();
    const b = await world();
    const word = `nebula${a.tag}`;
    await app.call("POST", "/improvements", { loopId: a.loop.id, title: `A ${word}` });
    const other = (await app.call<{ id: string }>("POST", "/improvements", { loopId: b.loop.id, title: `B ${word}` }))
      .body.id;
    const made = await app.call<{ token: string }>("POST", "/tokens", { name: "a", scope: "read", loopId: a.loop.id });
    const hits = await app.call<{ items: Hit[] }>(
      "GET",
      `/search?q=${word}`,
      undefined,
      {},
      { token: made.body.token },
    );
    expect(hits.body.items.map((h) => h.title)).toEqual([`A ${word}`]);
    expect(hits.body.items.some((h) => h.id === other)).toBe(false);
  });

  it("GET /search with a date it cannot read says what a date looks like", async () => {
    for (const [query, at] of [
      ["from=yesterday", "query.from"],
      ["to=2026-11-01T09:00:00", "query.to"],
    ]) {
      const answer = await app.call<{ error: { code: string; path: string; message: string } }>(
        "GET",
        `/search?q=sync&${query}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_input", path: at });
      expect(answer.body.error.message).toContain("2026-11-01T09:00:00Z");
    }
  });

  it("GET /search with a bound before 1970 says so", async () => {
    for (const [query, at] of [
      ["from=0050-01-01", "query.from"],
      ["to=1969-12-31T23:00:00Z", "query.to"],
    ]) {
      const answer = await app.call<{ error: { code: string; path: string; message: string } }>(
        "GET",
        `/search?q=sync&${query}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_input", path: at });
      expect(answer.body.error.message).toContain("before 1970");
    }
  });

  it.each([
    ["/patterns?q=x&colour=red", "query.colour"],
    ["/signals?attached=maybe", "query.attached"],
    ["/search?q=%21%21%21", "query.q"],
    ["/search", "query.q"],
    ["/search?q=a&types=signal,widget", "query.types"],
    ["/search?q=a&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "query.to"],
    ["/signals?q=crash&cursor=00000000-0000-7000-8000-000000000000", "query.cursor"],
    ["/health?verbose=1", "query.verbose"],
  ])("GET %s is refused: invalid_input at %s", async (path, at) => {
    const answer = await app.call<{ error: { code: string; path: string } }>("GET", path);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_input", path: at });
  });

  it.each(["/search?q=", "/search?q=%20%20", "/signals?q=", "/patterns?q=%20"])(
    "GET %s (an empty search box) says what to type, as a q of no letter does",
    async (path) => {
      const answer = await app.call<{ error: { code: string; path: string; message: string } }>("GET", path);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: "invalid_input",
        path: "query.q",
        message: "query.q: Give at least one letter or digit to search for.",
      });
    },
  );
});
