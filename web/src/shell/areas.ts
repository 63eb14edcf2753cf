/** The workspace's screens in the loop's words, in the navigation's order; `key` follows "g" (g h: Home). */
export const areas = [
  { to: "/", label: "Home", key: "h" },
  { to: "/triage", label: "Triage", key: "t" },
  { to: "/patterns", label: "Knowledge base", key: "k" },
  { to: "/improvements", label: "Improvements", key: "i" },
  { to: "/delivery", label: "Delivery", key: "d" },
  { to: "/trace", label: "Trace", key: "r" },
  { to: "/timeline", label: "Timeline", key: "l" },
  { to: "/people", label: "People", key: "p" },
  { to: "/outbox", label: "Outbox", key: "o" },
  { to: "/settings", label: "Settings", key: "s" },
] as const;
