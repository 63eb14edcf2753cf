import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";
import "./markdown.css";

// Sanitised after rendering: Markdown passes raw HTML through, so a <script>, an onerror or a javascript:
// link someone wrote must be taken out here. No style attribute (the CSP refuses inline style, and it
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

/** Markdown as HTML with everything that could run or load taken out: what people write, rendered inert. */
export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(text, { async: false, gfm: true, breaks: false }));
}

/** A block of Markdown, rendered safely (renderMarkdown); `empty` when there is no text. */
export function Markdown({ text, empty = "Nothing written yet." }: { text: string; empty?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  if (!text.trim()) return <p className="muted">{empty}</p>;
  // Sanitised by DOMPurify just above: the one place the workspace sets HTML.
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
