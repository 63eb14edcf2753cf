/** One signal of the demo: who said what, where, how long ago, and which pattern it belongs to. */
export interface DemoSignal {
  pattern?: string;
  from: string;
  channel: string;
  daysAgo: number;
  urgency?: "low" | "normal" | "high" | "critical";
  title: string;
  body: string;
  productVersion?: string;
}

/** The patterns the demo's signals fall into, by key, each with the loop that owns it. */
export const patterns = [
  {
    key: "sync",
    loop: "inkwell-notes",
    title: "Offline edits lost after a sync conflict",
    description: "Edits made offline on one device disappear when another device synced the same note in between.",
  },
  {
    key: "search",
    loop: "inkwell-notes",
    title: "Search is slow in large notebooks",
    description: "Searching notebooks with thousands of notes takes many seconds.",
  },
  {
    key: "dark",
    loop: "inkwell-notes",
    title: "Dark mode in the desktop app",
    description: "People working at night want the desktop app to follow the system's dark theme.",
  },
  {
    key: "export",
    loop: "inkwell-notes",
    title: "Markdown export drops attachments",
    description: "Exported Markdown keeps the text but loses images and PDFs.",
  },
  {
    key: "toolbar",
    loop: "inkwell-notes",
    title: "Bring back the classic toolbar",
    description: "Some people miss the toolbar of version 4.",
  },
  {
    key: "ratelimit",
    loop: "inkwell-platform",
    title: "API 429 answers lack rate-limit headers",
    description: "Clients cannot tell when to retry after a 429.",
  },
  {
    key: "webhooks",
    loop: "inkwell-platform",
    title: "Webhooks are not retried after a timeout",
    description: "A partner endpoint that is slow once misses the event for good.",
  },
  {
    key: "evernote",
    loop: "inkwell-tools",
    title: "Evernote import stops at 1,000 notes",
    description: "Large Evernote exports are cut off without an error.",
  },
  {
    key: "login",
    loop: "inkwell-platform",
    title: "Login loop after a password reset (desktop)",
    description: "After resetting the password the desktop app keeps asking to log in.",
  },
  {
    key: "pdf",
    loop: "inkwell-notes",
    title: "Printing to PDF cuts off code blocks",
    description: "Long lines in code blocks run off the page.",
  },
];
