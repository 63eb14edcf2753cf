import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let server: ChildProcess | undefined;
let folder: string | undefined;
afterEach(async () => {
  server?.kill();
  if (server && server.exitCode === null) await once(server, "exit");
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Starts `loopwork start` on an embedded database folder; resolves with what it printed once it serves. */
async function start(data: string): Promise<{ url: string; printed: () => string }> {
  server = spawn(process.execPath, ["bin/loopwork.js", "start", "--port", "0", "--data", data], {
    env: { ...process.env, DATABASE_URL: "", LOOPWORK_PUBLIC_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let printed = "";
  server.stdout?.on("data", (chunk) => {
    printed += chunk;
  });
  // Creating the embedded database takes ~20 s on a quiet machine, more on a busy one.
  await expect.poll(() => /Serving (\S+)/.exec(printed)?.[1], { timeout: 60_000 }).toBeTruthy();
  return { url: String(/Serving (\S+)/.exec(printed)?.[1]), printed: () => printed };
}

// The README's first run on the embedded database: no account exists, and nothing works without one.
describe("the first run", { timeout: 90_000 }, () => {
  it("prints a one-time link that makes the first administrator; then the link is spent", async () => {
    folder = mkdtempSync(join(tmpdir(), "loopwork-first-run-"));
    const { url, printed } = await start(folder);
    // The first start creates the embedded database (seconds): it says so before it serves.
    expect(printed()).toMatch(/Creating the embedded database in \S+[\s\S]*Applied migrations 1,[\s\S]*Serving/);
    // The link is printed after "Serving": the two lines may reach this process in two reads.
    const linkIn = (text: string) => /(http:\/\/\S+\/setup\/lwl_\S+)/.exec(text)?.[1];
    await expect.poll(() => linkIn(printed())).toBeTruthy();
    const link = linkIn(printed());
    expect((await fetch(`${url}/loops`)).status).toBe(401);
    const path = new URL(String(link)).pathname;
    const make = (email: string) =>
      fetch(url + path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, name: "Ada", password: "the first password" }),
      });
    expect((await make("ada@example.com")).status).toBe(200);
    expect((await make("eve@example.com")).status).toBe(410);
    const login = await runCli(url, ["login", "--email", "ada@example.com", "--scope", "read"], {
      stdin: "the first password\n",
    });
    expect(login.code, login.stderr).toBe(0);
    const token = /LOOPWORK_TOKEN=(\S+)/.exec(login.stdout)?.[1];
    const me = await fetch(`${url}/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ user: { email: "ada@example.com", admin: true }, scope: "read" });

    // A second start on the same folder says what to mend in one line, not a stack.
    const second = spawnSync(process.execPath, ["bin/loopwork.js", "start", "--port", "0", "--data", String(folder)], {
      env: { ...process.env, DATABASE_URL: "", LOOPWORK_PUBLIC_URL: "", LOOPWORK_DEBUG: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^Loopwork cannot start: The data folder .* is in use/m);
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });

  it("or `loopwork admin create` makes one on the database, with a token, and no link is printed", async () => {
    folder = mkdtempSync(join(tmpdir(), "loopwork-first-run-"));
    const made = await runCli(
      "http://unused",
      ["admin", "create", "--email", "ada@example.com", "--name", "Ada", "--data", folder, "--token-name", "cli"],
      {
        stdin: "the first password\n",
        // It creates the embedded database first (~6 s alone, several times that on a loaded machine).
        timeoutMs: 80_000,
      },
    );
    expect(made.code, made.stderr).toBe(0);
    const token = /LOOPWORK_TOKEN=(\S+)/.exec(made.stdout)?.[1];
    const short = await runCli(
      "http://unused",
      ["admin", "create", "--email", "bo@example.com", "--name", "Bo", "--data", folder],
      {
        stdin: "short\n",
      },
    );
    expect(short.code).toBe(1);
    const { url, printed } = await start(folder);
    const loops = await fetch(`${url}/loops`, { headers: { authorization: `Bearer ${token}` } });
    expect(loops.status).toBe(200);
    // Read after an answer: whatever the start printed after "Serving" has arrived by now.
    expect(printed()).not.toContain("/setup/");
  });

  it("says in one line, with its code, that the server holds the folder: `migrate`, `admin create`, `secrets rotate`", async () => {
    folder = mkdtempSync(join(tmpdir(), "loopwork-held-"));
    // A running process (this one) holds the folder, as `npm start` would.
    writeFileSync(join(folder, "loopwork.pid"), String(process.pid));
    const [migrated, rotated, made] = await Promise.all([
      runCli("http://unused", ["migrate", "--data", folder]),
      runCli("http://unused", ["secrets", "rotate", "--data", folder]),
      runCli("http://unused", ["admin", "create", "--email", "ada@example.com", "--name", "Ada", "--data", folder], {
        stdin: "the first password\n",
      }),
    ]);
    for (const run of [migrated, rotated, made]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error data_folder_in_use: The data folder ${folder} is in use by process ${process.pid}. Stop it first, or use a server (DATABASE_URL) to share one database between processes.\n`,
      );
    }
  });

  it("refuses a port that is none before it creates anything", async () => {
    folder = mkdtempSync(join(tmpdir(), "loopwork-port-"));
    const data = join(folder, "data");
    const run = await runCli("http://unused", ["start", "--port", "44OO", "--data", data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Loopwork cannot start: --port must be a port number from 0 to 65535, not "44OO".\n');
    expect(existsSync(data)).toBe(false);
  });
});
