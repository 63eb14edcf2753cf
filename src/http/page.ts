import { escapeHtml } from "../core/html.js";

/**
 * A small self-contained HTML page (the few pages the server renders itself: links people click, never
 * for search engines), with the page's own CSS after the common one.
 */
export const page = (title: string, body: string, css = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}input{font:inherit;width:100%}${css}</style></head><body>${body}</body></html>`;
