import type { DemoSignal } from "./demo-patterns.js";

/** What users of the web and desktop apps said, through support email, the forum and the in-app widget. */
export const appSignals: DemoSignal[] = [
  // Offline edits lost after a sync conflict — the pattern the demo's snapback addresses.
  {
    pattern: "sync", from: "emma", channel: "support-email", daysAgo: 58, urgency: "critical", productVersion: "5.1.2",
    title: "Clinical notes from the train are gone",
    body: "I wrote three patient summaries offline on my laptop this morning. When I got to the office my desktop had synced first and now the laptop versions are gone. This is the second time. We need to know this cannot happen.",
  },
  {
    pattern: "sync", from: "farid", channel: "support-email", daysAgo: 54, urgency: "high", productVersion: "5.1.2",
    title: "Re: Clinical notes from the train are gone",
    body: "Same here on my team: edits on the iPad web app while offline were overwritten by the desktop copy. Is there a way to get them back from history?",
  },
  {
    pattern: "sync", from: "ana", channel: "community-forum", daysAgo: 47, urgency: "high",
    title: "Last writer wins? Lost a whole page of meeting notes",
    body: "Edited a note on the plane, my colleague edited the shared copy at the same time. After landing only her version exists. Does Inkwell merge edits at all?",
  },
  {
    pattern: "sync", from: "ben", channel: "community-forum", daysAgo: 46,
    title: "+1, lost edits in a shared notebook",
    body: "Happened to us too with the Globex shared notebook. We now tell everyone to never edit offline, which kind of defeats the point.",
  },
  {
    pattern: "sync", from: "omar", channel: "support-email", daysAgo: 33, urgency: "critical", productVersion: "2024.6",
    title: "Data loss when two devices sync — escalation",
    body: "Our legal team lost edits to a contract note. Please treat this as an escalation for Wayne Enterprises and tell us when a fix is deployed.",
  },
  {
    pattern: "sync", from: "kaito", channel: "in-app-widget", daysAgo: 21,
    title: "my changes disappeared after reconnecting",
    body: "wrote on the subway, reconnected, text gone. web app.",
  },
  {
    pattern: "sync", from: "chloe", channel: "support-email", daysAgo: 12, urgency: "high", productVersion: "5.1.4",
    title: "Edits vanish after switching from laptop to desktop",
    body: "Steps: edit note offline on laptop, edit same note on desktop, reconnect laptop. The laptop edits are gone and there is no conflict copy.",
  },
  // Search is slow in large notebooks.
  {
    pattern: "search", from: "hugo", channel: "support-email", daysAgo: 52, urgency: "high",
    title: "Search takes 20 seconds in our research notebook",
    body: "Our research notebook has about 14,000 notes. Every search freezes the app for 15–20 seconds.",
  },
  {
    pattern: "search", from: "isabel", channel: "community-forum", daysAgo: 44,
    title: "Search got slower with every note I add",
    body: "With 3k notes it was fine, at 9k it is painful. Is the index rebuilt on every search?",
  },
  {
    pattern: "search", from: "grace", channel: "in-app-widget", daysAgo: 30,
    title: "search is sloooow",
    body: "typing in search box lags, each letter takes a second",
  },
  {
    pattern: "search", from: "mateo", channel: "support-email", daysAgo: 19,
    title: "Search unusable on the desktop app",
    body: "Our Soylent knowledge base notebook is big. Search on desktop takes so long that people give up and scroll.",
  },
  {
    pattern: "search", from: "priya", channel: "support-email", daysAgo: 9, urgency: "high",
    title: "Slow search blocks our rollout",
    body: "We planned to move 400 people onto Inkwell next month. Search performance on large notebooks is the blocker our pilot group reported.",
  },
  {
    pattern: "search", from: "jonas", channel: "community-forum", daysAgo: 4,
    title: "Tip or bug? Splitting notebooks makes search fast again",
    body: "I split my 8k-note notebook into four and search is instant again. Feels like a workaround for something that should be fixed.",
  },
  // Dark mode in the desktop app.
  {
    pattern: "dark", from: "lena", channel: "community-forum", daysAgo: 57, urgency: "low",
    title: "Dark mode for desktop, please",
    body: "The web app follows my system theme but the desktop app is blinding at night.",
  },
  {
    pattern: "dark", from: "quentin", channel: "in-app-widget", daysAgo: 41, urgency: "low",
    title: "dark theme?",
    body: "would love a dark theme in the desktop app",
  },
  {
    pattern: "dark", from: "grace", channel: "community-forum", daysAgo: 36,
    title: "+1 dark mode (designer here, happy to help)",
    body: "I can share a palette that keeps code blocks readable in dark mode.",
  },
  {
    pattern: "dark", from: "nora", channel: "support-email", daysAgo: 15,
    title: "Accessibility: high-contrast or dark theme on desktop",
    body: "Two people on our team have light sensitivity. A dark or high-contrast theme in the desktop app would help them a lot.",
  },
  {
    pattern: "dark", from: "kaito", channel: "in-app-widget", daysAgo: 6, urgency: "low",
    title: "follow system theme on macOS",
    body: "macOS is dark, inkwell desktop is white",
  },
  // Markdown export drops attachments.
  {
    pattern: "export", from: "dmitri", channel: "support-email", daysAgo: 50,
    title: "Markdown export has no images",
    body: "Exported our onboarding notebook to Markdown for our wiki. All images are missing, the links point to nothing.",
  },
  {
    pattern: "export", from: "chloe", channel: "community-forum", daysAgo: 38,
    title: "Export to Markdown should include attachments in a folder",
    body: "Like other apps do: note.md plus an attachments/ folder with relative links.",
  },
  {
    pattern: "export", from: "sam", channel: "community-forum", daysAgo: 27, urgency: "low",
    title: "Export loses PDFs",
    body: "PDF attachments are silently dropped from the Markdown export.",
  },
  {
    pattern: "export", from: "ana", channel: "support-email", daysAgo: 16,
    title: "We need a full export for our records",
    body: "Compliance asks for a yearly export of our notebooks including attachments. The Markdown export is not complete enough.",
  },
  {
    pattern: "export", from: "jonas", channel: "in-app-widget", daysAgo: 3, urgency: "low",
    title: "export md + pictures",
    body: "please keep pictures when exporting to markdown",
  },
  // Bring back the classic toolbar.
  {
    pattern: "toolbar", from: "quentin", channel: "community-forum", daysAgo: 55, urgency: "low",
    title: "Where did the toolbar go?",
    body: "Version 5 hides formatting behind the slash menu. I liked the old toolbar.",
  },
  {
    pattern: "toolbar", from: "lena", channel: "in-app-widget", daysAgo: 49, urgency: "low",
    title: "old toolbar back?",
    body: "the slash menu is fine but I miss the buttons",
  },
  {
    pattern: "toolbar", from: "nora", channel: "community-forum", daysAgo: 43, urgency: "low",
    title: "Option for the classic toolbar",
    body: "Could the classic toolbar be a setting?",
  },
  // Login loop after a password reset (desktop) — new, nobody is on it yet.
  {
    pattern: "login", from: "farid", channel: "support-email", daysAgo: 5, urgency: "high", productVersion: "5.1.4",
    title: "Desktop app keeps asking me to log in",
    body: "After resetting my password the desktop app shows the login screen again right after I log in. The web app works.",
  },
  {
    pattern: "login", from: "isabel", channel: "support-email", daysAgo: 3, urgency: "high", productVersion: "5.1.4",
    title: "Locked out of the desktop app after password change",
    body: "Changed my password as our IT policy requires. Since then: log in, spinner, login screen again.",
  },
  {
    pattern: "login", from: "grace", channel: "in-app-widget", daysAgo: 2,
    title: "login loop on desktop",
    body: "can't get into desktop app after password reset. reinstalling didn't help",
  },
  {
    pattern: "login", from: "emma", channel: "support-email", daysAgo: 1, urgency: "critical", productVersion: "5.1.4",
    title: "Ward staff cannot log in on desktop",
    body: "Six colleagues reset their passwords this week and none can use the desktop app now. Please advise urgently.",
  },
  // Printing to PDF cuts off code blocks.
  {
    pattern: "pdf", from: "sam", channel: "community-forum", daysAgo: 29, urgency: "low",
    title: "Print to PDF cuts long code lines",
    body: "Code blocks with long lines are cut at the page edge instead of wrapping.",
  },
  {
    pattern: "pdf", from: "dmitri", channel: "support-email", daysAgo: 18,
    title: "PDF export of runbooks unreadable",
    body: "Our runbooks have shell commands in code blocks. In the PDF half of each command is missing.",
  },
  {
    pattern: "pdf", from: "hugo", channel: "in-app-widget", daysAgo: 8, urgency: "low",
    title: "pdf code blocks overflow",
    body: "wrap code in print please",
  },
];
