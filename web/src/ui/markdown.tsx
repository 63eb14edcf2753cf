import DOMPurify from "dompurify";
import { Marked } from "marked";
import { useMemo } from "react";
import "./markdown.css";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] as string);

// Raw HTML in Markdown is shown as the characters written, never parsed: a <script> or an onerror stays
// words (and Chromium reports a CSP violation for a handler attribute even in an inert parse, so none
// may reach the parser).
const markdown = new Marked({ gfm: true, breaks: false, renderer: { html: ({ text }) => escapeHtml(text) } });

// Sanitised after rendering all the same: a javascript: link written in Markdown syntax must go. No style attribute (the CSP refuses inline style, and it
// would report a violation) and no images (the CSP loads none from other origins).
const purifyOptions = {
  FORBID_TAGS: ["style", "img", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
  FORBID_ATTR: ["style", "class", "id"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/)/i,
};

let hooked = false;
function sanitize(html: string): string {
  if (!hooked) {
    // A link written in a description opens elsewhere and cannot reach back into the workspace.
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.getAttribute("href")) {
        node.setAttribute("rel", "noopener noreferrer nofollow");
        node.setAttribute("target", "_blank");
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, purifyOptions);
}

/** Markdown as HTML, raw HTML shown as text and everything that could run or load taken out: inert. */
export function renderMarkdown(text: string): string {
  return sanitize(markdown.parse(text, { async: false }));
}

/** A block of Markdown, rendered safely (renderMarkdown); `empty` when there is no text. */
export function Markdown({ text, empty = "Nothing written yet." }: { text: string; empty?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  if (!text.trim()) return <p className="muted">{empty}</p>;
  // Sanitised by DOMPurify just above: the one place the workspace sets HTML.
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
