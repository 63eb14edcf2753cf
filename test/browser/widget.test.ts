import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { describeInBrowser, launchChromium } from "./workspace.js";

let app: TestApp;
let browser: Browser;
let host: Server;
let hostUrl: string;
let channelId: string;
let hostPolicy = "";

/**
 * A customer's own site on another origin, with a strict Content-Security-Policy that allows Loopwork's
 * address for scripts and connections only: no inline script or style, no other origin.
 */
beforeAll(async () => {
  host = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": hostPolicy });
    response.end(
      `<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Checkout</h1>` +
        `<script src="${app.url}/widget.js" data-channel="${channelId}" data-label="Tell us" async></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  // Behind no proxy: every message comes from 127.0.0.1, the limit is the default 10 an hour.
  app = await startTestApp();
  hostPolicy = `default-src 'none'; script-src ${app.url}; connect-src ${app.url}; style-src 'none'; img-src 'none'`;
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "shop", name: "Shop" });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: "site",
    name: "Site feedback",
    kind: "widget",
    config: { widgetOrigins: [hostUrl] },
  });
  channelId = channel.body.id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  host?.close();
});

describeInBrowser("the feedback widget on a customer's site", () => {
  it("puts a form on the page that sends a signal with the person's email, under a strict CSP, with no cookies", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    // A person takes a few seconds; the widget keeps anything faster as a program's. The page's clock runs
    // that much behind the server's, so the form looks opened that long before it is sent, without the
    // test waiting those seconds out.
    await page.clock.install({ time: Date.now() - 2_100 });
    await page.goto(`${hostUrl}/checkout`);
    await page.getByRole("button", { name: "Tell us" }).click();
    await page.getByLabel("What happened, or what do you need?").fill("The pay button does nothing on my tablet");
    // An address the browser takes and the server does not (no domain): the page shows the server's reason.
    await page.getByLabel("Your email (we tell you when it is fixed)").fill("ana@customer");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText(/body\.email: Invalid email address/).waitFor();
    await page.getByLabel("Your email (we tell you when it is fixed)").fill("ana@customer.example");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Thank you! We will write to you when it is fixed.").waitFor();

    const [signal] = await app.db.query<{ title: string; email: string; raw: { page: string } }>(
      `select s.title, c.email, s.raw from signals s join contacts c on c.id = s.contact_id where s.channel_id = $1`,
      [channelId],
    );
    expect(signal).toMatchObject({
      title: "The pay button does nothing on my tablet",
      email: "ana@customer.example",
      raw: { page: `${hostUrl}/checkout` },
    });
    // Nothing of Loopwork's is stored in the browser, on either origin; the page's CSP was never broken.
    expect(await context.cookies()).toEqual([]);
    // The refusal above is the one resource that failed to load (Chromium logs every 4xx); nothing else.
    expect(problems).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await context.close();
  });

  it("sends a second message written in the form left open after the first as a signal of its own", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() - 2_100 });
    await page.goto(`${hostUrl}/account`);
    await page.getByRole("button", { name: "Tell us" }).click();
    const email = "second@customer.example";
    await page.getByLabel("Your email (we tell you when it is fixed)").fill(email);
    const titles = () =>
      app.db.query<{ title: string }>(
        "select s.title from signals s join contacts c on c.id = s.contact_id where c.email = $1 order by s.id",
        [email],
      );
    // "Thank you!" empties the message box and leaves the form open: a person writes on, and sends again.
    for (const [i, text] of ["Avatar upload fails", "And the name field rejects accents"].entries()) {
      await page.getByLabel("What happened, or what do you need?").fill(text);
      await page.getByRole("button", { name: "Send" }).click();
      await expect.poll(async () => (await titles()).length).toBe(i + 1);
      await page.getByText("Thank you! We will write to you when it is fixed.").waitFor();
    }
    expect(await titles()).toEqual([{ title: "Avatar upload fails" }, { title: "And the name field rejects accents" }]);
    await context.close();
  });

  it("sends a message edited after its first answer was lost as a message of its own", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() - 2_100 });
    await page.goto(`${hostUrl}/support`);
    await page.getByRole("button", { name: "Tell us" }).click();
    const email = "lost@customer.example";
    await page.getByLabel("Your email (we tell you when it is fixed)").fill(email);
    await page.getByLabel("What happened, or what do you need?").fill("Checkout freezes");
    // The first message reaches the server, its answer never the page.
    let lose = true;
    await page.route(`${app.url}/channels/${channelId}/widget`, async (route) => {
      if (!lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort();
    });
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Could not reach the server. Try again later.").waitFor();
    // The person adds to it and sends again: the server took the id already, for the first text.
    await page.getByLabel("What happened, or what do you need?").fill("Checkout freezes on the last step");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Thank you! We will write to you when it is fixed.").waitFor();
    const titles = await app.db.query<{ title: string }>(
      "select s.title from signals s join contacts c on c.id = s.contact_id where c.email = $1 order by s.id",
      [email],
    );
    expect(titles).toEqual([{ title: "Checkout freezes" }, { title: "Checkout freezes on the last step" }]);
    await context.close();
  });

  it("takes JSON from the site's own fetch, which the browser sends after a preflight", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hostUrl}/contact`);
    const email = "json@customer.example";
    // The site's own script, posting JSON: Chromium asks first (OPTIONS), then sends only if allowed.
    const answer = await page.evaluate(
      async ({ url, email }) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          credentials: "omit",
          body: JSON.stringify({
            email,
            message: "The invoice page shows last month",
            submission: crypto.randomUUID(),
            openedAt: Date.now() - 30_000,
          }),
        });
        return { status: response.status, body: await response.json() };
      },
      { url: `${app.url}/channels/${channelId}/widget`, email },
    );
    expect(answer).toEqual({ status: 201, body: { received: true } });
    const signals = await app.db.query<{ title: string }>(
      "select s.title from signals s join contacts c on c.id = s.contact_id where c.email = $1",
      [email],
    );
    expect(signals).toEqual([{ title: "The invoice page shows last month" }]);
    await context.close();
  });
});
