/** A pull request of the demo: merged ones go into the component's next version. */
export interface DemoPullRequest {
  number: number;
  title: string;
  merged: boolean;
}

/** An issue of the demo on one component, with the pull requests that fix it. */
export interface DemoIssue {
  component: string;
  number: number;
  title: string;
  body: string;
  pullRequests: DemoPullRequest[];
}

/** An improvement of the demo and the stage the demo leaves it at (snapback completes the shipped ones). */
export interface DemoImprovement {
  key: string;
  loop: string;
  owner: string;
  title: string;
  why: string;
  what: string;
  how: string;
  products: string[];
  patterns: string[];
  status: "proposed" | "approved" | "in_progress" | "rejected";
  issues: DemoIssue[];
}

/** Improvements at every stage, written the way a team would write them. */
export const improvements: DemoImprovement[] = [
  {
    key: "merge-offline-edits",
    loop: "inkwell-notes",
    owner: "maya",
    title: "Merge offline edits instead of overwriting them",
    why: "Seven people from five accounts lost work when two devices edited the same note. **Data loss is the worst thing a notes app can do**; Umbrella Health and Wayne Enterprises escalated.",
    what: "- Edits made offline are merged with edits made elsewhere, paragraph by paragraph.\n- When two edits touch the same paragraph, both versions are kept and marked.\n- Nothing is ever discarded without a copy in the note's history.",
    how: "In the sync engine:\n1. Replace last-writer-wins with a per-paragraph merge (a small CRDT over the note's blocks).\n2. Keep a local journal of unsynced edits until the server acknowledges them.\n\nBoth apps get it by upgrading the sync engine; no UI work beyond the conflict marker.",
    products: ["web-app", "desktop-app"],
    patterns: ["sync"],
    status: "in_progress",
    issues: [
      {
        component: "sync",
        number: 231,
        title: "Merge concurrent edits per paragraph instead of last-writer-wins",
        body: "See the pattern: offline edits are overwritten by the other device's copy.",
        pullRequests: [{ number: 240, title: "Paragraph-level merge for concurrent edits", merged: true }],
      },
      {
        component: "sync",
        number: 236,
        title: "Keep a journal of unsynced edits until acknowledged",
        body: "A crash or a conflict must never drop edits that have not reached the server.",
        pullRequests: [{ number: 244, title: "Durable journal of unsynced edits", merged: true }],
      },
    ],
  },
  {
    key: "rate-limit-headers",
    loop: "inkwell-platform",
    owner: "luis",
    title: "Send rate-limit headers with every API answer",
    why: "Partners back off blindly after a 429: their imports take hours and Wayne's nightly run fails.",
    what: "Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`; a 429 also carries `Retry-After`.",
    how: "Add the headers in the gateway's rate-limit middleware, which already knows the window; document them in the API reference.",
    products: ["public-api"],
    patterns: ["ratelimit"],
    status: "in_progress",
    issues: [
      {
        component: "api-gateway",
        number: 58,
        title: "Rate-limit headers and Retry-After on 429",
        body: "Partners need to know when to retry.",
        pullRequests: [{ number: 59, title: "Add X-RateLimit-* and Retry-After headers", merged: true }],
      },
    ],
  },
  {
    key: "fast-search",
    loop: "inkwell-notes",
    owner: "luis",
    title: "Incremental search index for large notebooks",
    why: "Search in notebooks over ~5,000 notes takes seconds; Wayne Enterprises' rollout of 400 seats waits for it.",
    what: "Search answers within 200 ms in a notebook of 20,000 notes, on both apps.",
    how: "Keep a persistent full-text index in the sync engine, updated per changed note, instead of scanning the notebook on every query.",
    products: ["web-app", "desktop-app"],
    patterns: ["search"],
    status: "in_progress",
    issues: [
      {
        component: "sync",
        number: 250,
        title: "Persistent incremental full-text index",
        body: "Index changed notes only; rebuild in the background after an upgrade.",
        pullRequests: [{ number: 252, title: "WIP: incremental index on top of the journal", merged: false }],
      },
    ],
  },
  {
    key: "webhook-retries",
    loop: "inkwell-platform",
    owner: "luis",
    title: "Retry webhook deliveries with backoff",
    why: "A partner endpoint that is down for a minute loses every event of that minute for good.",
    what: "Failed deliveries are retried with exponential backoff for 24 hours; partners see failed deliveries in their dashboard.",
    how: "Move webhook delivery onto the gateway's job queue with idempotency keys; record attempts.",
    products: ["public-api"],
    patterns: ["webhooks"],
    status: "in_progress",
    issues: [
      {
        component: "api-gateway",
        number: 61,
        title: "Retry failed webhook deliveries with exponential backoff",
        body: "Retry 5xx and timeouts for 24 h; give up with a dead letter.",
        pullRequests: [{ number: 63, title: "Webhook delivery through the job queue, with retries", merged: true }],
      },
    ],
  },
  {
    key: "dark-mode",
    loop: "inkwell-notes",
    owner: "maya",
    title: "Dark mode for the desktop app",
    why: "Night-time users and people with light sensitivity ask for it; the web app already follows the system theme.",
    what: "The desktop app follows the system theme, with a manual override in settings.",
    how: "Reuse the web UI's theme tokens in `desktop-shell`; listen to the OS theme change event.",
    products: ["desktop-app"],
    patterns: ["dark"],
    status: "approved",
    issues: [
      {
        component: "desktop-shell",
        number: 97,
        title: "Follow the system theme (dark mode)",
        body: "Use the shared theme tokens.",
        pullRequests: [],
      },
    ],
  },
  {
    key: "evernote-batches",
    loop: "inkwell-tools",
    owner: "priyanka",
    title: "Import Evernote exports of any size",
    why: "Imports stop silently at 1,000 notes; support splits files by hand for every large customer.",
    what: "The importer imports every note, shows progress and warns about anything it skipped.",
    how: "Stream the `.enex` file and import in batches of 200 instead of loading one page of 1,000.",
    products: ["evernote-importer"],
    patterns: ["evernote"],
    status: "approved",
    issues: [
      {
        component: "importer",
        number: 12,
        title: "Stream .enex files and import in batches",
        body: "The 1,000 limit is the XML parser's default page.",
        pullRequests: [],
      },
    ],
  },
  {
    key: "markdown-export",
    loop: "inkwell-notes",
    owner: "maya",
    title: "Export Markdown with an attachments folder",
    why: "Teams export to wikis and for compliance; images and PDFs are lost today.",
    what: "Export writes `note.md` plus `attachments/` with relative links.",
    how: "_To be worked out in the next how-session._",
    products: ["web-app", "desktop-app"],
    patterns: ["export"],
    status: "proposed",
    issues: [],
  },
  {
    key: "classic-toolbar",
    loop: "inkwell-notes",
    owner: "maya",
    title: "Setting to bring back the classic toolbar",
    why: "A few people miss the version 4 toolbar.",
    what: "A setting that shows the old toolbar above the editor.",
    how: "Would need the old toolbar maintained next to the slash menu.",
    products: ["web-app", "desktop-app"],
    patterns: ["toolbar"],
    status: "rejected",
    issues: [],
  },
];

/** Merged pull requests that fix no issue: they ship with the versions all the same. */
export const chores = [
  { component: "web-ui", number: 88, title: "Fix tooltip flicker in the note list" },
  { component: "desktop-shell", number: 141, title: "Update Electron to 31" },
];
