import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { describe, expect } from "vitest";
import { projectRoot, workspaceFolder } from "../../src/http/workspace-build.js";
import { sessionCookie } from "../../src/services/authenticate.js";
import { startTestApp } from "../helpers/app.js";

/** Debian's Chromium: `.ci/run` installs it when missing (`apt-get install -y chromium`). */
export const chromiumPath = process.env.LOOPWORK_CHROMIUM ?? "/usr/bin/chromium";
/** True when the browser tests can run on this machine. */
export const hasChromium = existsSync(chromiumPath);
/** Where CI keeps the screenshots of the main pages (gitignored; the run's output). */
export const screenshotFolder = join(projectRoot, ".ci", "output", "screenshots");

/**
 * A describe block that runs in real Chromium, or is skipped with a plain message when there is none.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (!hasChromium) {
    console.warn(
      `Skipping the browser tests "${name}": no Chromium at ${chromiumPath} (apt-get install -y chromium, or set LOOPWORK_CHROMIUM).`,
    );
  }
  describe.skipIf(!hasChromium)(name, body);
}

/** Headless Chromium as CI runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * A Loopwork web process serving the built workspace (the global setup builds it) on a fresh database
 * with an administrator (admin@loopwork.test / correct horse battery), and a browser.
 */
export async function startWorkspace(options: { admin?: boolean } = {}) {
  // A file signs in once or twice a test: past the 10 a minute an address may try (tested in
  // test/http/access.test.ts, not here), a sign-in would wait for the next minute.
  const app = await startTestApp({ workspaceFolder, signInLimit: 1_000 }, options);
  const browser = await launchChromium();
  return {
    app,
    browser,
    /** A fresh browser profile (no cookies) whose page fails the test on any CSP violation or page error. */
    async newPage(
      colorScheme: "light" | "dark" = "light",
    ): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text())) {
          problems.push(`console: ${message.text()}`);
        }
      });
      return { page, context, problems };
    },
    async stop() {
      await browser.close();
      await app.stop();
    },
  };
}
export type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

/** Signs in through the workspace's sign-in page and waits for the loop's home. */
export async function signIn(
  page: Page,
  url: string,
  email = "admin@loopwork.test",
  password = "correct horse battery",
) {
  await page.goto(`${url}/app/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Workspace" }).waitFor();
}

/**
 * Signs the page's browser profile in without the sign-in page: the session is made by POST /session (what
 * that page sends) and its cookie given to the profile, as a person who signed in earlier and comes back.
 * The page is not moved: the test opens the page it is about (its first load reads the session and its
 * CSRF token, as any reload does). For tests whose subject is not signing in: `signIn` drives the page
 * itself (first-run, shell and the role tests keep it), and it costs a page load, typing and a second load.
 */
export async function signInBySession(
  page: Page,
  url: string,
  email = "admin@loopwork.test",
  password = "correct horse battery",
): Promise<void> {
  const answer = await fetch(`${url}/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(answer.status, `signing in ${email}: ${await answer.clone().text()}`).toBe(200);
  const cookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`));
  if (!cookie) throw new Error(`POST /session set no ${sessionCookie} cookie`);
  const value = cookie.slice(sessionCookie.length + 1).split(";")[0] ?? "";
  await page.context().addCookies([{ name: sessionCookie, value, url, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Waits until `shown` is visible on a page whose reads fail with a 5xx: such a read is tried twice more,
 * 1 s then 2 s later (web/src/api/query-client.ts), before the page says so. The page's clock (installed
 * with `page.clock.install()` before the page loaded) is moved on a second at a time, so that the test
 * does not wait those seconds out.
 */
export async function waitPastRetries(page: Page, shown: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.clock.fastForward(1000);
        return shown.isVisible();
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

/** Screenshots of the page in light and dark, kept by CI: <folder>/<name>-light.png and -dark.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotFolder, { recursive: true });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // A modal dialog's backdrop covers the window, not the whole page: shown as a person sees it.
    const modal = (await page.locator("dialog[open]").count()) > 0;
    await page.screenshot({ path: join(screenshotFolder, `${name}-${colorScheme}.png`), fullPage: !modal });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core in the page, in light and dark, and expects no serious or critical violation. (It is
 * evaluated over the DevTools protocol, which the page's CSP does not govern: the page itself still
 * runs no inline script.)
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(axeSource, "utf8");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(source);
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } })
        .axe;
      return (await axe.run(document)).violations;
    })) as AxeViolation[];
    const serious = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious, `${what} in ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}
