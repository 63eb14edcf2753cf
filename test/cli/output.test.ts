import { describe, expect, it } from "vitest";
import { demoLines } from "../../src/cli/commands/demo.js";
import { cell, clip, columnsOf, count, Output, tableLines, when } from "../../src/cli/output.js";
import { duration, snapbackLines, timelineLine, traceLines } from "../../src/cli/render.js";
import { isId, splitAt } from "../../src/cli/resolve.js";
import { nothingChanged } from "../../src/services/snapback.js";

describe("CLI output", () => {
  it("aligns table columns to the widest cell and cuts long ones", () => {
    const rows = [
      { slug: "web", name: "Web app" },
      { slug: "desktop-app", name: "A very long product name indeed" },
    ];
    const lines = tableLines(rows, [
      { header: "slug", value: (r) => r.slug },
      { header: "name", value: (r) => r.name, max: 12 },
    ]);
    expect(lines).toEqual(["SLUG         NAME", "web          Web app", "desktop-app  A very long…"]);
  });

  it("aligns columns after titles in Japanese or with emoji, which a terminal draws two columns wide", () => {
    const rows = [
      { title: "Edits vanished 🙈 日本語", id: "a1" },
      { title: "Sync fails", id: "b2" },
      { title: "Ça ne marche pas", id: "c3" },
    ];
    const lines = tableLines(rows, [
      { header: "title", value: (r) => r.title },
      { header: "id", value: (r) => r.id },
    ]);
    expect(lines).toEqual([
      "TITLE                     ID",
      "Edits vanished 🙈 日本語  a1",
      "Sync fails                b2",
      "Ça ne marche pas          c3",
    ]);
    expect(columnsOf("日本語")).toBe(6);
    expect(columnsOf("e\u0301")).toBe(1);
  });

  it("cuts a long cell between characters, never inside an emoji, to the columns it may take", () => {
    const cut = clip(`Crash ${"🙈".repeat(10)}`, 10);
    expect(cut).toBe("Crash 🙈…");
    expect(cut).not.toMatch(/[\uD800-\uDFFF]/u);
    expect(columnsOf(cut)).toBeLessThanOrEqual(10);
    expect(clip("日本語のタイトルです", 7)).toBe("日本語…");
  });

  it("shows times, lists and nothing in one short cell", () => {
    // Times say their zone: UTC, whatever the terminal's (the API's times are UTC).
    expect(cell("2026-03-04T05:06:07.000Z")).toBe("2026-03-04 05:06 UTC");
    expect(cell("2026-03-04T07:06:07+02:00")).toBe("2026-03-04 05:06 UTC");
    expect(when("2026-11-29T06:12:00Z")).toBe("2026-11-29 06:12 UTC");
    expect(cell(["a", "b"])).toBe("a, b");
    expect(cell(null)).toBe("-");
    expect(clip("two\nlines", 20)).toBe("two lines");
    expect(count(1, "signal")).toBe("1 signal");
    expect(count(3, "signal")).toBe("3 signals");
  });

  // Issue #8 item 9: a lead time of 0.04 s was shown as "1 hour after their first signal".
  it("says a duration in the largest unit that fits", () => {
    const cases: [number, string][] = [
      [0, "less than a second"],
      [0.04, "less than a second"],
      [0.6, "1 second"],
      [42, "42 seconds"],
      [59.6, "1 minute"],
      [150, "3 minutes"],
      [3569, "59 minutes"],
      [3600, "1 hour"],
      [5 * 3600, "5 hours"],
      [23.6 * 3600, "1 day"],
      [12 * 86_400, "12 days"],
    ];
    for (const [seconds, said] of cases) expect(duration(seconds)).toBe(said);
    const trace = traceLines({
      root: { type: "deployment", id: "d1" },
      contacts: [{ id: "c1", name: "Ana" }],
      notifications: [
        { createdAt: "2026-03-04T05:06:07.000Z", status: "sent", contactId: "c1", leadTimeSeconds: 0.04 },
      ],
    });
    expect(trace.join("\n")).toContain("less than a second after their first signal");
  });

  // Issue #8 item 9: `loopwork` is not on PATH after npm install; notifications waited silently.
  it("the demo's hints say npx loopwork, and where its notifications are and how to send them", () => {
    const snapback = { improvementsCompleted: ["i"], patternsAddressed: ["p"], notificationsQueued: 4 };
    const lines = demoLines(
      {
        alreadyLoaded: false,
        loopSlug: "inkwell-notes",
        created: { signals: 50, pullRequests: 3 },
        deployments: [{ release: "desktop-app@5.2.0", environment: "production", status: "success", snapback }],
        explore: { patternId: "p1", release: "desktop-app@5.2.0" },
      } as unknown as Parameters<typeof demoLines>[0],
      "http://localhost:4400",
    );
    const text = lines.join("\n");
    expect(text).toContain("50 signals, 3 pull requests");
    expect(text).toContain("4 notifications queued for the people who asked");
    expect(text).toContain("npx loopwork outbox list");
    expect(text).toMatch(/SMTP_URL=smtp:\/\/\S+ npm start/);
    const commands = lines.filter((line) => /^\s+(npx )?loopwork /.test(line));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const line of commands) expect(line.trim()).toMatch(/^npx loopwork /);
  });

  it("prints a status change on the timeline as before → after", () => {
    const line = timelineLine({
      id: 7,
      at: "2026-03-04T05:06:07.000Z",
      actor: "cli",
      entityType: "pull_request",
      entityId: "pr-1",
      verb: "merge",
      before: { status: "open" },
      after: { status: "merged" },
    });
    expect(line).toMatch(/^2026-03-04 05:06 UTC {2}cli +pull request merge +open → merged {2}pr-1$/);
  });

  it("names a timeline event's entity by its label, a title in quotes, and does not say a creation's title twice", () => {
    const at = "2026-03-04T05:06:07.000Z";
    const created = { id: 8, at, actor: "cli", entityType: "pattern", entityId: "p-1", verb: "created" };
    expect(timelineLine({ ...created, after: { title: "Export times out" }, label: "Export times out" })).toMatch(
      /^2026-03-04 05:06 UTC {2}cli +pattern created +“Export times out” {2}p-1$/,
    );
    // Renamed since: the name it has now, and the title it was created with.
    expect(timelineLine({ ...created, after: { title: "Export slow" }, label: "Export times out" })).toMatch(
      /pattern created +“Export times out” {2}Export slow {2}p-1$/,
    );
    const released = { id: 9, at, actor: "cli", entityType: "version", entityId: "v-1", verb: "released" };
    expect(timelineLine({ ...released, label: "sync@2.4.0" })).toMatch(/version released +sync@2\.4\.0 {2}v-1$/);
    // Gone, or from a server without labels: the id alone.
    expect(timelineLine({ ...released, label: null })).toMatch(/version released +v-1$/);
  });

  it("shows a long text field as a block, without the blank line its file's last line break made", () => {
    const lines: string[] = [];
    const out = new Output(false);
    out.line = (...more: string[]) => lines.push(...more);
    out.details({ title: "Merge edits", why: "We lose edits\nwhen two devices sync.\n" });
    expect(lines).toEqual(["title  Merge edits", "", "why:", "  We lose edits", "  when two devices sync."]);
  });

  it("says why a deployment changed nothing for people, as it is: a rollback, a success, one not done yet", () => {
    const none = { improvements: [], patterns: [] };
    const said = (status: string, preview = false) => snapbackLines(nothingChanged(false), none, { status, preview });
    // Not "this release already runs there": a rollback whose fixes a newer release still holds.
    expect(said("rolled_back", true)).toEqual([
      "Nothing would change where people are (not a production environment, or what it made live runs there in a release still deployed).",
    ]);
    expect(said("success")).toEqual([
      "Nothing changed where people are (not a production environment, or what this release holds was live there already).",
    ]);
    expect(said("pending")).toEqual([
      "Nothing changed where people are (only a successful deployment makes a fix live).",
    ]);
  });
});

describe("CLI references", () => {
  it("tells ids from slugs and splits <slug>@<name>", () => {
    expect(isId("01a207c7-efa9-747f-ab9c-02a3e27585f9")).toBe(true);
    expect(isId("web-app")).toBe(false);
    expect(splitAt("web@2.0.0", "--release", "web@2.0.0")).toEqual({ owner: "web", name: "2.0.0" });
    expect(() => splitAt("web-2.0.0", "--release", "web@2.0.0")).toThrow(/takes an id or <slug>@<name>/);
    expect(() => splitAt("@2.0.0", "--release", "web@2.0.0")).toThrow(/takes an id/);
  });
});
