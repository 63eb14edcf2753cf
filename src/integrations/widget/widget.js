// Loopwork's feedback widget: one <script> tag puts a small form on any page and posts what a person
// writes as a signal of a widget channel.
//
//   <script src="https://loopwork.example.com/widget.js" data-channel="<channel id>" async></script>
//
// Optional attributes: data-email (the signed-in person's address, filled in for them), data-label
// (the button's text), data-position ("left" or "right").
//
// It lives in a shadow root (the host page's styles cannot reach into it, nor its styles out),
// runs no eval and no inline handlers, styles itself through a constructed style sheet (not subject to
// the host's style-src), sets no cookie and sends none (credentials: "omit"). The host page's
// Content-Security-Policy needs this server in script-src and connect-src, nothing else.
(() => {
  const script = document.currentScript;
  if (!script?.src) return;
  const channel = script.dataset.channel;
  if (!channel) {
    console.warn('Loopwork widget: add data-channel="<channel id>" to its script tag.');
    return;
  }
  const endpoint = `${new URL(script.src).origin}/channels/${encodeURIComponent(channel)}/widget`;
  const side = script.dataset.position === "left" ? "left" : "right";

  const css = `
    :host { all: initial; }
    * { box-sizing: border-box; font: 14px/1.4 system-ui, sans-serif; }
    .toggle { position: fixed; bottom: 16px; ${side}: 16px; z-index: 2147483647; border: 0; border-radius: 20px;
      padding: 10px 16px; background: #2f5bea; color: #fff; cursor: pointer; box-shadow: 0 2px 8px #0004; }
    form { position: fixed; bottom: 64px; ${side}: 16px; z-index: 2147483647; width: 320px; max-width: calc(100vw - 32px);
      padding: 16px; border-radius: 8px; background: #fff; color: #111; box-shadow: 0 4px 24px #0005; display: grid; gap: 8px; }
    form[hidden] { display: none; }
    label { display: grid; gap: 2px; }
    input, textarea { width: 100%; padding: 6px 8px; border: 1px solid #999; border-radius: 4px; color: #111; background: #fff; }
    textarea { min-height: 96px; resize: vertical; }
    .trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
    button[type=submit] { justify-self: end; border: 0; border-radius: 4px; padding: 8px 14px; background: #2f5bea; color: #fff; cursor: pointer; }
    button[disabled] { opacity: .6; cursor: default; }
    .status { min-height: 1.4em; margin: 0; }
    .status.error { color: #b00020; }
  `;

  const host = document.createElement("div");
  host.setAttribute("data-loopwork-widget", "");
  const root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }

  const element = (tag, attributes, children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children || []) node.append(child);
    return node;
  };
  const field = (text, control) => element("label", {}, [text, control]);

  const toggle = element("button", { type: "button", class: "toggle", "aria-expanded": "false" }, [
    script.dataset.label || "Feedback",
  ]);
  const email = element("input", {
    type: "email",
    name: "email",
    required: "",
    maxlength: "320",
    autocomplete: "email",
  });
  if (script.dataset.email) email.value = script.dataset.email;
  const name = element("input", { type: "text", name: "name", maxlength: "200", autocomplete: "name" });
  const message = element("textarea", { name: "message", required: "", maxlength: "5000" });
  // Hidden from people (and from screen readers): only a program fills it in.
  const trap = element("input", { type: "text", name: "website", tabindex: "-1", autocomplete: "off" });
  const status = element("p", { class: "status", role: "status", "aria-live": "polite" });
  const send = element("button", { type: "submit" }, ["Send"]);
  const form = element("form", { hidden: "", "aria-label": "Send feedback" }, [
    field("What happened, or what do you need?", message),
    field("Your email (we tell you when it is fixed)", email),
    field("Your name (optional)", name),
    element("div", { class: "trap", "aria-hidden": "true" }, [field("Leave this empty", trap)]),
    status,
    send,
  ]);
  root.append(toggle, form);

  let openedAt = 0;
  let submission = "";
  const newSubmission = () => {
    submission = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`.replace(".", "");
  };
  // One id per message: a second click, or a retry after a lost answer, is the same signal.
  const begin = () => {
    openedAt = Date.now();
    newSubmission();
  };
  const show = (open) => {
    form.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      begin();
      message.focus();
    }
  };
  toggle.addEventListener("click", () => show(form.hidden));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") show(false);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    send.disabled = true;
    status.className = "status";
    status.textContent = "Sending…";
    const post = () =>
      // A url-encoded POST is a "simple" request: no preflight. No cookie goes either way.
      fetch(endpoint, {
        method: "POST",
        body: new URLSearchParams({
          email: email.value,
          name: name.value,
          message: message.value,
          website: trap.value,
          page: location.href.slice(0, 2000),
          openedAt: String(openedAt),
          submission,
        }),
        credentials: "omit",
        mode: "cors",
      });
    try {
      let answer = await post();
      // The id was taken by this message before it was changed (its answer lost, then the text edited):
      // what is sent now is another message, under an id of its own.
      if (answer.status === 409) {
        const problem = await answer
          .clone()
          .json()
          .catch(() => undefined);
        if (problem?.error?.path === "body.submission") {
          newSubmission();
          answer = await post();
        }
      }
      if (answer.ok) {
        message.value = "";
        // The form stays open: what the person writes next is a new message (the server would take it
        // for this one under the same id, and refuse it).
        begin();
        status.textContent = "Thank you! We will write to you when it is fixed.";
        return;
      }
      const problem = await answer.json().catch(() => undefined);
      status.className = "status error";
      status.textContent = problem?.error?.message || `Could not send it (${answer.status}). Try again later.`;
    } catch {
      status.className = "status error";
      status.textContent = "Could not reach the server. Try again later.";
    } finally {
      send.disabled = false;
    }
  });

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
