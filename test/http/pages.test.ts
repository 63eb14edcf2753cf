import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  // A fresh install: nobody can sign in, the first-run link is the way in.
  app = await startTestApp({}, { admin: false });
});
afterAll(async () => app?.stop());

const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { ...browser, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

async function page(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html).toMatch(/^<!doctype html>/);
  return html;
}

// Issue #8 item 9: customer-facing and first-run pages answer pages, never raw JSON.
describe("pages a person opens in a browser", () => {
  it("the setup form: a mistake is a page, and success shows the next steps", async () => {
    const setupPath = new URL(String(app.setupUrl)).pathname;
    const short = await fetch(app.url + setupPath, form({ email: "ada@example.com", name: "Ada", password: "short" }));
    expect(short.status).toBe(400);
    expect(await page(short)).toContain("12 characters");

    const done = await fetch(
      app.url + setupPath,
      form({ email: "ada@example.com", name: "Ada", password: "a good long password" }),
    );
    expect(done.status).toBe(200);
    const html = await page(done);
    expect(html).toContain("Welcome, Ada");
    expect(html).toContain("npx loopwork login --email ada@example.com");
    expect(html).toContain("export LOOPWORK_TOKEN=");
    expect(html).toContain("npm run demo");

    // The link is spent: a page says so, for the form and for the link.
    const again = await fetch(
      app.url + setupPath,
      form({ email: "eve@example.com", name: "Eve", password: "a good long password" }),
    );
    expect(again.status).toBe(410);
    expect(await page(again)).toContain("expired or was already used");
  });

  it("a bad answer link shows a page, opened or posted; a program still gets JSON", async () => {
    const opened = await fetch(`${app.url}/answers/not-a-real-token`, { headers: browser });
    expect(opened.status).toBe(401);
    const html = await page(opened);
    expect(html).toContain("This link does not work");
    expect(html).not.toContain('"error"');
    const posted = await fetch(`${app.url}/answers/not-a-real-token`, form({ answer: "works" }));
    expect(posted.status).toBe(401);
    await page(posted);
    // No token at all is no link: `/answers/` is no path (a trailing slash), a page saying so.
    const empty = await fetch(`${app.url}/answers/`, { headers: browser });
    expect(empty.status).toBe(404);
    expect(await page(empty)).toContain("Nothing here");

    const program = await fetch(`${app.url}/answers/not-a-real-token`, { headers: { accept: "application/json" } });
    expect(program.status).toBe(401);
    expect(await program.json()).toMatchObject({ error: { code: "invalid_signature" } });
  });

  it("a link to nowhere shows a page in a browser, and JSON to a program", async () => {
    const lost = await fetch(`${app.url}/answer/typo`, { headers: browser });
    expect(lost.status).toBe(404);
    expect(await page(lost)).toContain("Nothing here");
    expect(await (await fetch(`${app.url}/answer/typo`)).json()).toMatchObject({ error: { code: "route_not_found" } });
  });
});
