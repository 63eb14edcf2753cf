import { random } from "./workload.js";

/**
 * The words the scale benchmark writes its signals and patterns from: a support inbox's vocabulary —
 * features, what goes wrong, when, error codes and versions — so that full text search and the matcher
 * meet common words (thousands of signals), rare ones, and strong features as in real reports.
 */
export const features = [
  "export",
  "csv",
  "calendar",
  "sync",
  "login",
  "password",
  "invoice",
  "dashboard",
  "report",
  "upload",
  "attachment",
  "notification",
  "email",
  "webhook",
  "token",
  "permission",
  "billing",
  "refund",
  "backup",
  "restore",
  "widget",
  "chart",
  "filter",
  "search",
  "printer",
  "android",
  "iphone",
  "ipad",
  "browser",
  "chrome",
  "firefox",
  "safari",
  "editor",
  "comment",
  "mention",
  "avatar",
  "profile",
  "workspace",
  "project",
  "task",
  "subtask",
  "label",
  "tag",
  "milestone",
  "sprint",
  "board",
  "timeline",
  "gantt",
  "template",
  "import",
  "integration",
  "slack",
  "github",
  "jira",
  "zapier",
  "api",
  "sso",
  "saml",
  "oauth",
  "session",
  "cookie",
  "cache",
  "font",
  "pdf",
  "excel",
  "spreadsheet",
  "image",
  "thumbnail",
  "video",
  "audio",
  "microphone",
  "camera",
  "screenshot",
  "share",
  "link",
  "invite",
  "member",
  "team",
  "role",
  "admin",
  "audit",
  "log",
  "history",
  "draft",
  "autosave",
  "offline",
  "timezone",
  "locale",
  "language",
  "translation",
  "currency",
  "tax",
  "subscription",
  "plan",
  "trial",
  "coupon",
  "payment",
  "card",
  "checkout",
  "cart",
  "order",
  "shipping",
  "address",
  "map",
  "location",
  "push",
  "badge",
  "sound",
  "theme",
  "shortcut",
  "keyboard",
  "clipboard",
  "table",
  "column",
  "row",
  "cell",
  "formula",
  "pivot",
  "query",
  "database",
  "folder",
  "file",
  "archive",
  "zip",
  "signature",
  "contract",
  "approval",
  "workflow",
  "automation",
  "trigger",
  "reminder",
  "schedule",
  "meeting",
  "video-call",
  "recording",
  "transcript",
  "chat",
  "thread",
  "inbox",
  "draft",
  "spam",
  "filter-rule",
  "domain",
  "certificate",
  "proxy",
  "vpn",
];
export const problems = [
  "crashes",
  "freezes",
  "is slow",
  "times out",
  "fails",
  "is broken",
  "is missing",
  "duplicates",
  "shows the wrong total",
  "is blank",
  "gets stuck",
  "throws an error",
  "hangs",
  "disappears",
  "is corrupted",
  "is truncated",
  "is misaligned",
  "is unresponsive",
  "flickers",
  "leaks memory",
  "loses data",
  "is rejected",
  "says access denied",
  "expired too early",
  "is invalid",
  "loops forever",
  "overflows",
  "drops the last row",
  "ignores the setting",
  "sends twice",
  "never arrives",
  "arrives late",
  "logs me out",
  "cannot be deleted",
  "cannot be saved",
  "shows old data",
  "has the wrong timezone",
  "has the wrong encoding",
  "is cut off",
  "does not load",
  "spins forever",
  "uses all the cpu",
  "drains the battery",
  "is not translated",
  "rounds wrongly",
  "skips items",
  "resets my changes",
  "opens the wrong page",
  "breaks the layout",
  "returns 500",
  "returns 404",
  "returns 429",
  "is empty",
  "is too large",
  "fails silently",
  "shows a white screen",
  "keeps retrying",
  "conflicts",
  "is out of order",
  "double charges",
];
export const contexts = [
  "after the update",
  "on startup",
  "when offline",
  "since yesterday",
  "on large files",
  "with many rows",
  "on the mobile app",
  "in dark mode",
  "after login",
  "on slow networks",
  "for some users",
  "every morning",
  "when sharing",
  "in the new editor",
  "on Windows",
  "on macOS",
  "on Linux",
  "behind a proxy",
  "with two monitors",
  "in Safari only",
  "after an import",
  "at month end",
  "for admins",
  "on shared folders",
  "with non-ASCII names",
  "over the API",
  "from the widget",
  "in the weekly digest",
  "after a restore",
  "when the session expires",
];
const codePrefixes = ["ERR", "E", "HTTP", "ORA", "SQLSTATE", "NET", "AUTH", "SYNC", "IO", "DB"];

/** Error codes as reports quote them: ERR_SYNC_TIMEOUT, ORA-00942, E1042, 0x80070005. */
export const errorCodes: string[] = (() => {
  const draw = random(7);
  const codes = new Set<string>();
  while (codes.size < 600) {
    const kind = Math.floor(draw() * 4);
    const a = (features[Math.floor(draw() * features.length)] ?? "x").toUpperCase().replace(/-/g, "_");
    const prefix = codePrefixes[Math.floor(draw() * codePrefixes.length)] ?? "E";
    if (kind === 0) codes.add(`ERR_${a}_${["TIMEOUT", "REFUSED", "DENIED", "INVALID", "FAILED"][codes.size % 5]}`);
    else if (kind === 1) codes.add(`${prefix}-${String(Math.floor(draw() * 99999)).padStart(5, "0")}`);
    else if (kind === 2)
      codes.add(
        `0x8007${Math.floor(draw() * 0xffff)
          .toString(16)
          .padStart(4, "0")}`,
      );
    else codes.add(`E${a.replace(/_/g, "").slice(0, 8)}`);
  }
  return [...codes];
})();

/** The product versions people run: 3.0.0 … 5.19.9. */
export const versions = Array.from(
  { length: 300 },
  (_, i) => `${3 + Math.floor(i / 100)}.${Math.floor(i / 10) % 20}.${i % 10}`,
);

/** What makes a pattern: two features, what goes wrong, when, and (for most) an error code. */
export interface PatternWords {
  feature: string;
  other: string;
  problem: string;
  context: string;
  code: string | null;
}

const pick = <T>(list: readonly T[], draw: () => number): T => list[Math.floor(draw() * list.length)] as T;

/** n patterns' words, the same for a seed. */
export function patternWords(n: number, seed = 11): PatternWords[] {
  const draw = random(seed);
  return Array.from({ length: n }, () => ({
    feature: pick(features, draw),
    other: pick(features, draw),
    problem: pick(problems, draw),
    context: pick(contexts, draw),
    code: draw() < 0.6 ? pick(errorCodes, draw) : null,
  }));
}

/** The title and description a pattern is written with. */
export function patternText(w: PatternWords): { title: string; description: string } {
  const title = `${w.feature[0]?.toUpperCase()}${w.feature.slice(1)} ${w.other} ${w.problem} ${w.context}`;
  const description = `Customers report that the ${w.feature} ${w.other} ${w.problem} ${w.context}.${w.code ? ` They see ${w.code}.` : ""}`;
  return { title, description };
}

/** The Zipf-like rank of a pattern a report is about (1/k): a few patterns get most reports. */
export const zipfIndex = (n: number, u: number): number =>
  Math.min(n - 1, Math.floor(Math.exp(u * Math.log(n + 1))) - 1);

/** A new report about pattern w, as a person writes it (the same shape the seed writes in SQL). */
export function reportText(w: PatternWords, draw: () => number): { title: string; body: string } {
  const extra = pick(features, draw);
  const title = draw() < 0.5 ? `${w.feature} ${w.other} ${w.problem}` : `${w.other} ${w.problem} ${w.context}`;
  const body =
    `Hi, since version ${pick(versions, draw)} the ${w.feature} ${w.other} ${w.problem} ${w.context}.` +
    `${w.code ? ` I get ${w.code} every time.` : ""} It also happened with the ${extra}. Please help.`;
  return { title, body };
}
