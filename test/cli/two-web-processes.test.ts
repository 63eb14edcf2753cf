import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { freshServerDatabase, serverUrl } from "../helpers/db.js";

const children: ChildProcess[] = [];
/** The real `loopwork start --role web` on a free port; resolves with its address and what it printed. */
async function startWeb(databaseUrl: string) {
  const child = spawn(process.execPath, ["bin/loopwork.js", "start", "--role", "web", "--port", "0"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOOPWORK_PUBLIC_URL: "", LOOPWORK_WRITE_LIMIT: "6" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  let printed = "";
  child.stdout?.on("data", (chunk) => {
    printed += chunk;
  });
  // The first-run lines come right after "Serving": wait for them too.
  await expect.poll(() => /Serving (\S+)[\s\S]*First run/.test(printed), { timeout: 60_000 }).toBe(true);
  return { url: String(/Serving (\S+)/.exec(printed)?.[1]), printed: () => printed };
}

// DESIGN §3, issue #8 item 6: nothing kept in one process. Two processes need a server: PGlite is one.
describe.skipIf(!serverUrl)("two web processes on one PostgreSQL server", { timeout: 120_000 }, () => {
  it("print one setup link between them, and share one write limit per credential", async () => {
    const database = await freshServerDatabase(serverUrl ?? "");
    try {
      const [a, b] = await Promise.all([startWeb(database.url), startWeb(database.url)]);
      const links = [a, b].flatMap((p) => [...p.printed().matchAll(/\/setup\/(lwl_\S+)/g)].map((m) => m[1]));
      expect(links).toHaveLength(1);
      expect(a.printed() + b.printed()).toContain("another Loopwork process on this database printed");

      // The one link works (on either process) and makes the administrator, who makes a token.
      const setup = await fetch(`${b.url}/setup/${links[0]}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ada@example.com", name: "Ada", password: "the first password" }),
      });
      expect(setup.status).toBe(200);
      const { csrfToken } = (await setup.json()) as { csrfToken: string };
      const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const made = await fetch(`${a.url}/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
        body: JSON.stringify({ name: "limits", scope: "admin" }),
      });
      expect(made.status).toBe(201);
      const { token } = (await made.json()) as { token: string };

      // Six changes per minute for this token, whichever process and route: three through each...
      const post = (url: string, path: string, body: unknown) =>
        fetch(url + path, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await post(a.url, "/loops", { slug: `a${i}`, name: "A" })).status);
        statuses.push((await post(b.url, "/components", { slug: `b${i}`, name: "B" })).status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201]);
      // ...and then neither takes another.
      for (const url of [a.url, b.url]) {
        const refused = await post(url, "/loops", { slug: `late-${url.slice(-5)}`, name: "Late" });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
      }
    } finally {
      for (const child of children.splice(0)) {
        child.kill("SIGTERM");
        if (child.exitCode === null) await once(child, "exit");
      }
      await database.drop();
    }
  });
});
