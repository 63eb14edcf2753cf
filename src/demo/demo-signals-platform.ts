import type { DemoSignal } from "./demo-patterns.js";

/** What API partners and our own support team said, plus a few signals nobody has sorted yet. */
export const platformSignals: DemoSignal[] = [
  // API 429 answers lack rate-limit headers — the platform pattern the demo's snapback addresses.
  {
    pattern: "ratelimit", from: "rosa", channel: "github-issues", daysAgo: 40, urgency: "high",
    title: "429 responses have no Retry-After header",
    body: "Our sync job gets `429 Too Many Requests` without `Retry-After` or `X-RateLimit-Reset`, so we back off blindly and often too little.",
  },
  {
    pattern: "ratelimit", from: "sam", channel: "github-issues", daysAgo: 37,
    title: "Expose X-RateLimit-Remaining",
    body: "Would be great to see how many calls are left in the window, like most APIs do.",
  },
  {
    pattern: "ratelimit", from: "omar", channel: "partner-api", daysAgo: 26, urgency: "high",
    title: "Integration blocked by rate limiting",
    body: "Wayne's document integration hits the limit during the nightly run and cannot tell when to resume.",
  },
  {
    pattern: "ratelimit", from: "rosa", channel: "partner-api", daysAgo: 14,
    title: "Still guessing the rate-limit window",
    body: "Following up on the GitHub issue: we now sleep 60 s after each 429, which makes the import take hours.",
  },
  // Webhooks are not retried after a timeout — in progress, on staging.
  {
    pattern: "webhooks", from: "rosa", channel: "github-issues", daysAgo: 35, urgency: "high",
    title: "Missed note.updated webhooks after our endpoint timed out",
    body: "Our endpoint was slow for a minute during a deploy. Every webhook in that minute is lost; there is no retry.",
  },
  {
    pattern: "webhooks", from: "mateo", channel: "partner-api", daysAgo: 28,
    title: "Webhook delivery has no retries",
    body: "Soylent's CRM integration drifts out of sync because failed webhook deliveries are never retried.",
  },
  {
    pattern: "webhooks", from: "sam", channel: "github-issues", daysAgo: 22,
    title: "Retry webhooks with exponential backoff",
    body: "Suggest retrying with backoff for at least a few hours and exposing failed deliveries somewhere.",
  },
  {
    pattern: "webhooks", from: "priya", channel: "partner-api", daysAgo: 10, urgency: "high",
    title: "Lost webhook events during our maintenance window",
    body: "Planned maintenance of 10 minutes cost us every event in that window. Please retry deliveries.",
  },
  // Evernote import stops at 1,000 notes — reported by our own support team.
  {
    pattern: "evernote", from: "tess", channel: "staff-chat", daysAgo: 45,
    title: "Importer stops at exactly 1,000 notes",
    body: "Customer import for Hooli stopped at 1,000 of 3,400 notes, no error in the log.",
  },
  {
    pattern: "evernote", from: "hugo", channel: "support-email", daysAgo: 44, urgency: "high",
    title: "Only part of our Evernote notebooks arrived",
    body: "We moved from Evernote last week. Roughly a third of our notes are in Inkwell; the rest are missing.",
  },
  {
    pattern: "evernote", from: "tess", channel: "staff-chat", daysAgo: 31,
    title: "Another import cut at 1,000",
    body: "Same thing for Initech. Workaround: split the .enex file by hand before importing.",
  },
  {
    pattern: "evernote", from: "dmitri", channel: "support-email", daysAgo: 30,
    title: "Evernote migration incomplete",
    body: "The import finished with a success message but only 1,000 notes were imported.",
  },
  {
    pattern: "evernote", from: "tess", channel: "staff-chat", daysAgo: 11, urgency: "low",
    title: "Can the importer tell us when it truncates?",
    body: "Even before a real fix, a warning would save support a lot of back-and-forth.",
  },
  // Not sorted into a pattern yet.
  {
    from: "jonas", channel: "in-app-widget", daysAgo: 7, urgency: "low",
    title: "love the new slash menu",
    body: "just wanted to say the slash menu is great",
  },
  {
    from: "lena", channel: "community-forum", daysAgo: 6,
    title: "Tags disappear from the sidebar after renaming",
    body: "Renaming a tag removes it from the sidebar until I reload the app.",
  },
  {
    from: "quentin", channel: "support-email", daysAgo: 2, urgency: "low",
    title: "Invoice address change",
    body: "How do I change the address on our invoices?",
  },
  {
    from: "chloe", channel: "in-app-widget", daysAgo: 1,
    title: "keyboard shortcut for checklists?",
    body: "is there a shortcut to turn a line into a checklist item?",
  },
];
