import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { cliJson, cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });
const cliHere = (...args: string[]) => runCliHere(app.url, args, { token: app.adminToken });

// The first test runs the real binary; the others run its entry, main(), in this process (runCliHere).
describe("a contact's link and a loop's name from the CLI", { timeout: 120_000 }, () => {
  it("emails a contact their link as the token's person, once per 10 minutes, and names the token on the timeline", async () => {
    const email = `${uniqueSlug("ana")}@example.com`;
    const ana = await ok(app, "POST", "/contacts", { name: "Ana", email });
    const sent = await cli("contact", "send-link", email);
    expect(sent).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(`^Emailing ${email} a link to their own view, good for 30 days \\(outbox [0-9a-f-]{36}\\)\\.\\n$`),
      ),
    });
    const again = await cliJson<{ status: string; email: string }>(app.url, ["contact", "send-link", ana.id], {
      token: app.adminToken,
    });
    expect(again).toMatchObject({ status: "sent_recently", email });
    const told = await cli("contact", "send-link", email);
    expect(told.stdout).toMatch(
      /^A link to their own view went to \S+ at \d{4}-\d\d-\d\d \d\d:\d\d UTC: one such email/,
    );
    const tokens = await ok<{ items: { id: string; name: string }[] }>(app, "GET", "/tokens");
    const events = await ok<{ items: { actor: string; verb: string }[] }>(
      app,
      "GET",
      `/timeline?entityType=contact&entityId=${ana.id}`,
    );
    expect(events.items.filter((e) => e.verb === "customer_link_requested").map((e) => e.actor)).toEqual([
      `token:${tokens.items.find((t) => t.name === "tests")?.id}`,
    ]);
  });

  it("says why a link cannot be sent: no email address, no such contact", async () => {
    const bo = await ok(app, "POST", "/contacts", { name: "Bo" });
    const unreachable = await cliHere("contact", "send-link", bo.id);
    expect(unreachable).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error unreachable: Bo has no email/),
    });
    const unknown = await cliHere("contact", "send-link", "nobody@example.com");
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'error not_found: No contact with email "nobody@example.com". (<contact>)\n',
    });
    expect((await cliHere("contact", "send-link")).code).toBe(2);
  });

  it("renames a loop by slug; a blank name is a usage error, and a read token is refused", async () => {
    const slug = uniqueSlug("notes");
    const loop = await ok(app, "POST", "/loops", { slug, name: "Notes" });
    const renamed = await cliHere("loop", "rename", slug, "Notes app");
    expect(renamed).toMatchObject({ code: 0, stdout: `Renamed ${slug} to “Notes app”.\n` });
    expect((await ok<{ name: string }>(app, "GET", `/loops/${loop.id}`)).name).toBe("Notes app");
    const json = await cliJsonHere<{ name: string }>(app.url, ["loop", "rename", loop.id, "Notes"], {
      token: app.adminToken,
    });
    expect(json.name).toBe("Notes");
    expect(await cliHere("loop", "rename", slug, "  ")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("<name>"),
    });
    expect((await cliHere("loop", "rename", slug)).code).toBe(2);
    expect(await cliHere("loop", "rename", "no-such-loop", "X")).toMatchObject({
      code: 1,
      stderr: 'error not_found: No loop with slug "no-such-loop". (<loop>)\n',
    });
    const read = await ok<{ token: string }>(app, "POST", "/tokens", { name: uniqueSlug("r"), scope: "read" });
    const refused = await runCliHere(app.url, ["loop", "rename", slug, "Mine"], { token: read.token });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error forbidden: /) });
    expect((await ok<{ name: string }>(app, "GET", `/loops/${loop.id}`)).name).toBe("Notes");
  });

  it("describes a loop from text or a file, clears it with an empty text, and refuses an unreadable file", async () => {
    const slug = uniqueSlug("notes");
    const loop = await ok(app, "POST", "/loops", { slug, name: "Notes" });
    const described = await cliHere("loop", "describe", slug, "Sync and **offline** edits.");
    expect(described).toMatchObject({ code: 0, stdout: `Described ${slug}.\n` });
    expect((await ok<{ description: string }>(app, "GET", `/loops/${loop.id}`)).description).toBe(
      "Sync and **offline** edits.",
    );
    const file = join(await mkdtemp(join(tmpdir(), "loop-")), "about.md");
    await writeFile(file, "# Notes\n\nEverything about notes.\n");
    expect((await cliHere("loop", "describe", loop.id, `@${file}`)).code).toBe(0);
    expect((await ok<{ description: string }>(app, "GET", `/loops/${loop.id}`)).description).toBe(
      "# Notes\n\nEverything about notes.\n",
    );
    expect(await cliHere("loop", "describe", slug, "@/no/such/file.md")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Cannot read the file /no/such/file.md"),
    });
    expect(await cliHere("loop", "describe", slug, "")).toMatchObject({
      code: 0,
      stdout: `Cleared the description of ${slug}.\n`,
    });
    expect((await ok<{ description: string }>(app, "GET", `/loops/${loop.id}`)).description).toBe("");
  });
});
