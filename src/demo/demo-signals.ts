import type { DemoSignal } from "./demo-patterns.js";
import { appSignals } from "./demo-signals-app.js";
import { platformSignals } from "./demo-signals-platform.js";
import { requestSignals } from "./demo-signals-requests.js";

/** Every signal of the demo, oldest first (so their time-ordered ids follow the story). */
export const demoSignals: DemoSignal[] = [...appSignals, ...requestSignals, ...platformSignals].sort(
  (a, b) => b.daysAgo - a.daysAgo,
);

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

/**
 * Where a signal's thread lives and its id in the channel, as each kind of channel would report them:
 * an email's Message-ID, a forum topic, a GitHub issue, a chat thread, a widget or API submission id.
 */
export function threadOf(
  signal: DemoSignal,
  kind: string,
  email: string,
  index: number,
): { threadRef?: string; externalId: string } {
  const n = 1000 + index;
  switch (kind) {
    case "email": {
      const messageId = `<CAH${(index * 7919 + signal.daysAgo).toString(36)}.${n}@mail.${email.split("@")[1]}>`;
      return { threadRef: messageId, externalId: messageId };
    }
    case "forum": {
      const topic = `https://community.inkwell.example/t/${slugify(signal.title)}/${n}`;
      return { threadRef: topic, externalId: topic };
    }
    case "github": {
      const issue = `https://github.com/inkwell/api-gateway/issues/${n}`;
      return { threadRef: issue, externalId: issue };
    }
    case "chat": {
      const thread = `https://chat.inkwell.example/archives/C0TOOLS/p${1_700_000_000 + n}`;
      return { threadRef: thread, externalId: thread };
    }
    default:
      return { externalId: `${kind}-${n}` };
  }
}
