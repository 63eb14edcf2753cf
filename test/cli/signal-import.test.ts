import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
let folder: string;
beforeAll(async () => {
  // A small write limit: the import must wait when told to slow down, not fail.
  app = await startTestApp({ writeLimit: 40, rateLimitWindowSeconds: 20 });
  folder = await mkdtemp(join(tmpdir(), "loopwork-import-"));
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "desk", name: "Desk" });
  await app.call("POST", "/channels", { loopId: loop.body.id, slug: "old-desk", name: "Old desk", kind: "email" });
});
afterAll(async () => app?.stop());

interface Summary {
  rows: number;
  new: number;
  duplicates: number;
  newContacts: number;
  invalid: { where: string; problem: string }[];
}

/** A support desk's export: a quoted line break, a priority word, one row without a subject or text. */
const csv = [
  "Ticket ID,Subject,Description,Requester email,Priority,Created",
  '101,Invoice PDF blank,"Every invoice is empty.\nSince Monday.",mia@customer.example,high,2025-03-01 09:30',
  "102,Sync stalls at 99%,Desktop sync never finishes,leo@customer.example,urgent,2025-03-02",
  "103,,,nobody@customer.example,low,2025-03-03",
  "104,Export to CSV times out,Large workspaces,mia@customer.example,normal,not a date",
].join("\n");

// The real binary imports, waits when told to and finishes; the refusals and the first half of the resumed
// import run its entry, main(), in this process (runCliHere): the same output and exit status, sooner.
describe("loopwork signal import", { timeout: 120_000 }, () => {
  it("says what it would create, creates it, and creates nothing twice when run again", async () => {
    const file = join(folder, "tickets.csv");
    await writeFile(file, csv);
    const run = (...extra: string[]) =>
      cliJson<Summary>(app.url, ["signal", "import", file, "--channel", "old-desk", ...extra], {
        token: app.adminToken,
      });

    const dry = await run("--dry-run", "--map", "contactEmail=Requester email");
    expect(dry).toMatchObject({ rows: 4, new: 2, duplicates: 0, newContacts: 2 });
    // Row 103 has no text; row 104's date is not a date: both reported with their line, neither imported.
    expect(dry.invalid.map((i) => i.where)).toEqual(["line 5", "line 6"]);
    expect((await app.call<{ items: unknown[] }>("GET", "/signals")).body.items).toHaveLength(0);

    const done = await run("--map", "contactEmail=Requester email");
    expect(done).toMatchObject({ new: 2, duplicates: 0 });
    const signals = await app.db.query<{ title: string; urgency: string; received_at: Date; external_id: string }>(
      "select title, urgency, received_at, external_id from signals order by external_id",
    );
    expect(signals.map((s) => [s.external_id, s.title, s.urgency])).toEqual([
      ["101", "Invoice PDF blank", "high"],
      ["102", "Sync stalls at 99%", "normal"],
    ]);
    expect(signals[0]?.received_at.toISOString()).toBe(new Date("2025-03-01 09:30").toISOString());

    const again = await run("--map", "contactEmail=Requester email");
    expect(again).toMatchObject({ new: 0, duplicates: 2 });
    expect(await app.db.query("select 1 from signals")).toHaveLength(2);
  });

  it("refuses a ticket id of two people naming the file's line, not the request's field", async () => {
    const file = join(folder, "shared-ids.csv");
    await writeFile(
      file,
      ["id,title,email", "201,Export broken,ada@customer.example", "201,Login broken,bob@customer.example"].join("\n"),
    );
    const run = await runCliHere(app.url, ["signal", "import", file, "--channel", "old-desk", "--dry-run"], {
      token: app.adminToken,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error conflict: line 3: externalId "201" is in this batch twice.*\(externalId\)\n$/);
  });

  it("resumes a JSON Lines import without ids by its content, and waits when the server asks it to", async () => {
    const lines = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ title: `Report ${i}`, email: `p${i % 7}@customer.example`, text: `Body ${i}` }),
    );
    const file = join(folder, "reports.jsonl");
    // The first half was imported before (an import that stopped halfway).
    await writeFile(file, lines.slice(0, 30).join("\n"));
    const args = ["signal", "import", file, "--channel", "old-desk", "--batch", "25"];
    expect(await cliJsonHere<Summary>(app.url, args, { token: app.adminToken })).toMatchObject({ new: 30 });
    await writeFile(file, lines.join("\n"));
    // 60 more signals and requests against a limit of 40 per 20 s (long enough for two batches to fall
    // in one window on a loaded machine): it waits, then finishes.
    const run = await runCli(app.url, args, { token: app.adminToken, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created\s+30 signals/);
    expect(run.stdout).toMatch(/already there 30/);
    expect(run.stderr).toMatch(/the server asks to slow down: waiting \d+ s/);
    expect(await app.db.query("select 1 from signals where external_id like 'import:%'")).toHaveLength(60);
  }, 150_000);

  it("refuses a file it cannot read, and says which column is missing", async () => {
    const broken = join(folder, "broken.json");
    await writeFile(broken, "[{");
    const bad = await runCliHere(app.url, ["signal", "import", broken, "--channel", "old-desk"], {
      token: app.adminToken,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/JSON cannot be read/);
    // A mistyped path is the caller's mistake, said as one: not an internal error.
    const absent = join(folder, "tickets-2025.csv");
    const none = await runCliHere(app.url, ["signal", "import", absent, "--channel", "old-desk"], {
      token: app.adminToken,
    });
    expect(none).toMatchObject({ code: 2, stdout: "" });
    expect(none.stderr).toBe(`error usage: Cannot read the file ${absent} (ENOENT). (<file>)\n`);
    const noTitle = join(folder, "no-title.csv");
    await writeFile(noTitle, "who,when\na@b.example,2025-01-01\n");
    const missing = await runCliHere(app.url, ["signal", "import", noTitle, "--channel", "old-desk"], {
      token: app.adminToken,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--map title=/);
  });
});
