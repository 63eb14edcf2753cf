import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

let dev: ChildProcess | undefined;
afterEach(async () => {
  // npm, its shell, node --watch and the server: one process group, started here.
  if (dev?.pid && dev.exitCode === null) {
    const exited = once(dev, "exit");
    process.kill(-dev.pid, "SIGTERM");
    await exited;
  }
});

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, "close");
  return port;
}

// Issue #8 item 9: `npm run dev` listened on 4400 whatever PORT said.
describe("npm run dev", { timeout: 90_000 }, () => {
  it("listens where PORT says", async () => {
    const port = await freePort();
    dev = spawn("npm", ["run", "dev"], {
      env: { ...process.env, PORT: String(port), LOOPWORK_DATA: "memory", DATABASE_URL: "", LOOPWORK_PUBLIC_URL: "" },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    let printed = "";
    dev.stdout?.on("data", (chunk) => {
      printed += chunk;
    });
    await expect.poll(() => /Serving (\S+)/.exec(printed)?.[1], { timeout: 60_000 }).toBe(`http://localhost:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status).toBe(200);
  });
});
