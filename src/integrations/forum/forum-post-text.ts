/** What a snapback notification or its follow-up says in a forum topic. */
export interface ForumNotificationInput {
  contactName: string;
  signalTitle: string;
  patternTitle: string;
  productName: string;
  releaseName: string;
  environment: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
// Markdown's link and emphasis characters in names would change the post's meaning.
const plain = (text: string) => oneLine(text).replace(/([\\`*_[\]<>#|])/g, "\\$1");

/**
 * The invisible mark of one delivery, kept in the post's raw text (an HTML comment Discourse does not
 * show): a retry that cannot tell whether an earlier attempt posted finds it in the topic.
 */
export const deliveryMarker = (idempotencyKey: string) => `<!-- loopwork:${idempotencyKey.replace(/-->/g, "")} -->`;

/** The post that tells the topic's author the fix is live and asks whether it works now. */
export function forumNotificationPost(
  input: ForumNotificationInput,
  links: { works: string; stillBroken: string; customer: string },
): string {
  const shipped = `${plain(input.productName)} ${plain(input.releaseName)}`;
  return [
    `Hello ${plain(input.contactName)},`,
    "",
    `We have shipped a fix for what you reported here: ${plain(input.patternTitle)}.`,
    `It is live in ${shipped} (${plain(input.environment)}).`,
    "",
    `Does it work for you now? [It works now](${links.works}) · [Still broken](${links.stillBroken})`,
    "",
    `Everything you told us and what became of it: [your page](${links.customer}). You can also just reply here.`,
  ].join("\n");
}

/** The one follow-up when the fix a notification told of was rolled back. */
export function forumRolledBackPost(input: ForumNotificationInput): string {
  const shipped = `${plain(input.productName)} ${plain(input.releaseName)}`;
  return [
    `Hello ${plain(input.contactName)},`,
    "",
    `We told you the fix (${plain(input.patternTitle)}) was live in ${shipped} (${plain(input.environment)}).`,
    "That release was rolled back, so the fix is not live for you right now. We will tell you here when it is live again.",
  ].join("\n");
}
