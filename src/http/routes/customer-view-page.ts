import type { CustomerStage } from "../../core/customer-stage.js";
import { escapeHtml as e } from "../../core/html.js";
import type { CustomerPattern, CustomerSignal, CustomerView } from "../../services/customer-view.js";
import { page } from "../page.js";
import { pagePolicy } from "../security-headers.js";

/**
 * The pages of the customers' own view. Every text from the database or the request goes through
 * escapeHtml (e): titles and bodies are written by anyone who can send a signal. The pages load
 * nothing and run no script; the Content-Security-Policy says so to the browser.
 */
export const customerPagePolicy = pagePolicy;

const css = `body{max-width:40rem;margin:3rem auto}
li.signal{border-top:1px solid #ddd;padding:1rem 0;list-style:none}ul{padding:0}li.signal ul{padding-left:1.2rem}.meta{color:#555;font-size:.9rem}
.body{white-space:pre-wrap}.stage{font-weight:600}button{padding:.4rem .9rem;margin-right:.5rem}`;
const customerPage = (title: string, body: string) => page(title, body, css);

const stageLabels: Record<CustomerStage, string> = {
  received: "Received: we have it, and will group it with similar reports.",
  attached: "Grouped with similar reports.",
  planned: "A fix is planned.",
  shipped: "Fixed. Does it work for you now?",
  confirmed: "Fixed, and you told us it works. Thank you!",
  still_broken: "You told us it is still broken: we are working on it again.",
};

function patternLine(pattern: CustomerPattern, token: string): string {
  const title = `“${e(pattern.title)}”`;
  const release = pattern.shipped ? ` in ${e(pattern.shipped.release.product)} ${e(pattern.shipped.release.name)}` : "";
  switch (pattern.stage) {
    case "received":
    case "attached":
      return `Grouped with similar reports: ${title}.`;
    case "planned":
      return `A fix is planned: ${title}.`;
    case "confirmed":
      return `Fixed${release}: ${title}. You told us it works.`;
    case "still_broken":
      return `You told us ${title} is still broken after the fix${release}.`;
    case "shipped":
      return `Fixed${release}: ${title}.${pattern.shipped ? answerForm(pattern.shipped.notificationId, token) : ""}`;
    default: {
      const never: never = pattern.stage;
      throw new Error(`unknown stage ${never}`);
    }
  }
}

function answerForm(notificationId: string, token: string): string {
  return (
    `<form method="post" action="/customer/${e(token)}/answers">` +
    `<input type="hidden" name="notificationId" value="${e(notificationId)}">` +
    `<button type="submit" name="answer" value="works">It works now</button>` +
    `<button type="submit" name="answer" value="still_broken">It is still broken</button></form>`
  );
}

function signalItem(signal: CustomerSignal, token: string): string {
  const received = signal.receivedAt.toISOString().slice(0, 10);
  const patterns = signal.patterns.map((p) => `<li>${patternLine(p, token)}</li>`).join("");
  return (
    `<li class="signal"><h2>${e(signal.title)}</h2>` +
    `<p class="meta">${e(received)} · ${e(signal.channel)}</p>` +
    (signal.body ? `<p class="body">${e(signal.body)}</p>` : "") +
    `<p class="stage">${e(stageLabels[signal.stage])}</p>` +
    (patterns ? `<ul>${patterns}</ul>` : "") +
    "</li>"
  );
}

/** The page a customer link opens: the contact's own signals and what became of each. */
export function renderCustomerView(view: CustomerView, token: string): string {
  const list = view.signals.length
    ? `<ul>${view.signals.map((s) => signalItem(s, token)).join("")}</ul>`
    : "<p>We have nothing from you yet.</p>";
  return customerPage(
    "What you told us",
    `<h1>What you told us</h1><p>Hello ${e(view.contact.name)}. Here is everything you told us, newest first, ` +
      `and what became of it.</p>${list}`,
  );
}

/** The page after an answer from the view. */
export function renderThanks(token: string): string {
  return customerPage(
    "Thank you",
    `<h1>Thank you</h1><p>Your answer reached the team that made the change.</p>` +
      `<p><a href="/customer/${e(token)}">Back to what you told us</a></p>`,
  );
}

/** The page after asking for a link: the same whether or not the address is known. */
export function renderLinkRequested(): string {
  return customerPage(
    "Check your email",
    "<h1>Check your email</h1><p>If we have heard from this address, a link to what you told us is on its way. " +
      "It can take a few minutes.</p>",
  );
}

/** The page for a request that failed; for a link that does not work (altered, expired), a way to a new one. */
export function renderProblem(message: string, offerNewLink: boolean): string {
  const form = offerNewLink
    ? `<form method="post" action="/customer-links"><p><label>Your email address ` +
      `<input type="email" name="email" required maxlength="320"></label></p>` +
      `<button type="submit">Send me a new link</button></form>`
    : "";
  return customerPage("Something is wrong", `<h1>Something is wrong</h1><p>${e(message)}</p>${form}`);
}
