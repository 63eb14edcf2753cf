import { escapeHtml } from "../../core/html.js";
import { type EmailMessage, messageIdFor } from "./notification-email.js";

/** Everything the daily digest of emerging patterns says, gathered by the delivery job. */
export interface EmergingDigestEmailInput {
  /** The outbox row's key: the Message-ID derives from it, so a re-delivery is the same message. */
  idempotencyKey: string;
  from: string;
  publicUrl: string;
  user: { name: string; email: string };
  loopName: string;
  patterns: { id: string; title: string; priority: number; momentum: number; signalCount: number }[];
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The digest an owner asked for: the loop's patterns whose reports began to spike. Pure. */
export function buildEmergingDigestEmail(input: EmergingDigestEmailInput): EmailMessage {
  const loop = oneLine(input.loopName);
  const intro = `${input.patterns.length === 1 ? "One pattern" : `${input.patterns.length} patterns`} of ${loop} began to emerge in the last day: their reports arrive at least twice as fast as usual.`;
  const lines = input.patterns.map(
    (p) =>
      `${oneLine(p.title)} — priority ${p.priority.toFixed(1)}, momentum ×${p.momentum.toFixed(2)}, ${p.signalCount} signals`,
  );
  const why = (id: string) => `${input.publicUrl.replace(/\/$/, "")}/patterns/${id}/priority`;
  const off = `You get this because you asked for it (loopwork loop digest ${loop} --off stops it).`;
  return {
    from: input.from,
    to: { name: oneLine(input.user.name), address: input.user.email },
    subject: `Emerging in ${loop}: ${input.patterns.map((p) => oneLine(p.title)).join(", ")}`.slice(0, 200),
    messageId: messageIdFor(input.idempotencyKey, input.from),
    headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    text: [intro, "", ...lines.map((line, i) => `- ${line}\n  ${why(input.patterns[i]?.id ?? "")}`), "", off, ""].join(
      "\n",
    ),
    html: [
      `<p>${escapeHtml(intro)}</p>`,
      "<ul>",
      ...lines.map(
        (line, i) => `<li><a href="${escapeHtml(why(input.patterns[i]?.id ?? ""))}">${escapeHtml(line)}</a></li>`,
      ),
      "</ul>",
      `<p>${escapeHtml(off)}</p>`,
    ].join("\n"),
  };
}
