import { cutText } from "../../core/cut-text.js";

/** What a snapback comment on a GitHub issue tells. */
export interface NotificationComment {
  login: string | null;
  pattern: string;
  product: string;
  release: string;
  environment: string;
  rolledBack: boolean;
}

/** Markdown that GitHub renders as text: no mentions, links or HTML from what people typed. */
const plain = (value: string) => cutText(value.replace(/\s+/g, " ").replace(/([\\`*_[\]<>@#|~])/g, "\\$1"), 300);

/**
 * The snapback comment on the issue a signal came from (or its follow-up when the fix was rolled back).
 * No answer links and no link to the person's own view: an issue is public to everyone who can read the
 * repository, and those links act for the person. They answer by commenting.
 */
export function buildNotificationComment(input: NotificationComment): string {
  const hello = input.login ? `@${input.login.replace(/[^\w-]/g, "")} ` : "";
  const where = `${plain(input.product)} ${plain(input.release)} (${plain(input.environment)})`;
  if (input.rolledBack) {
    return `${hello}The fix for this (${plain(input.pattern)}) was rolled back from ${where}. We will tell you here when it is live again.`;
  }
  return `${hello}A fix for this is live: ${plain(input.pattern)}, in ${where}.\n\nDoes it work for you now? Reply here and let us know.`;
}
