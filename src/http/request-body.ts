import type { IncomingHttpHeaders } from "node:http";
import { AppError } from "../core/errors.js";
import { utf8Body } from "../core/utf8.js";
import { mediaTypeOf, utf8Charset } from "./media-type.js";

/**
 * A body sent compressed (`Content-Encoding: gzip`, `br` …), which no route reads: refused (415) before
 * its bytes are read as JSON, where gzip's bytes were "not UTF-8" (invalid_json) and said nothing of why.
 * `identity` is no encoding at all.
 */
export function encodedBodyRefusal(headers: IncomingHttpHeaders): AppError | undefined {
  const encoding = headers["content-encoding"]?.trim().toLowerCase();
  if (!encoding || encoding === "identity") return undefined;
  return new AppError(
    "unsupported_media_type",
    `Send the body uncompressed: Content-Encoding ${encoding} is not taken.`,
    { path: "headers.content-encoding" },
  );
}

/**
 * A body declared in another charset than UTF-8 (`charset=utf-16`, `latin1`): refused (415), where its
 * bytes read as UTF-8 would be other text than was sent. The signed routes, which read their bytes
 * whatever the media type, are held to it too (docs/API.md "Bodies").
 */
export function charsetRefusal(headers: IncomingHttpHeaders): AppError | undefined {
  const { charset } = mediaTypeOf(headers["content-type"]);
  if (utf8Charset(charset)) return undefined;
  return new AppError("unsupported_media_type", `Send JSON as UTF-8, not ${charset}.`, { path: "body" });
}

/**
 * The key path (`body.raw.__proto__`) of the first object key `__proto__` in a parsed JSON value, if any.
 * JSON.parse makes it a plain key, but code that copies such an object key by key (Object.assign, a
 * merge) would set the copy's prototype instead. Walked without recursion: a body may nest 10,000 deep.
 */
export function prototypeKeyAt(value: unknown, root: string): string | undefined {
  type Step = { value: unknown; key: string; parent?: Step };
  const pathOf = (step: Step): string => {
    const keys: string[] = [];
    for (let at: Step | undefined = step; at; at = at.parent) keys.push(at.key);
    return keys.reverse().join(".");
  };
  const pending: Step[] = [{ value, key: root }];
  for (let step = pending.pop(); step; step = pending.pop()) {
    const current = step.value;
    if (current === null || typeof current !== "object") continue;
    if (!Array.isArray(current) && Object.hasOwn(current, "__proto__")) return `${pathOf(step)}.__proto__`;
    const entries = Object.entries(current);
    // Last first onto the stack, so the first key is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      if (inner !== null && typeof inner === "object") pending.push({ value: inner, key, parent: step });
    }
  }
  return undefined;
}

/**
 * A JSON request body as every JSON route reads it: UTF-8 only (RFC 8259; another declared charset is
 * 415, bytes that are not UTF-8 invalid_json), not compressed (415), JSON saying where it is not
 * (`invalid_json`, with JSON.parse's reason: "Unexpected token } in JSON at position 12"), and no key
 * `__proto__` anywhere (invalid_input at its path: the JSON is valid, the key is what is refused).
 */
export function parseJsonBody(headers: IncomingHttpHeaders, bytes: Buffer): unknown {
  const encoded = encodedBodyRefusal(headers);
  if (encoded) throw encoded;
  const charset = charsetRefusal(headers);
  if (charset) throw charset;
  const text = utf8Body(bytes);
  if (text.trim() === "") {
    throw new AppError("invalid_json", "The body is empty, though its Content-Type says JSON: send a JSON object.", {
      path: "body",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The body is not valid JSON: ${(error as Error).message}.`, { path: "body" });
  }
  refusePrototypeKey(value);
  return value;
}

/**
 * Refuses a parsed JSON body holding a key `__proto__` anywhere: invalid_input at its path. Every JSON
 * body, and a signed one a route parses itself once its signature verifies (POST /channels/:id/webhook:
 * it kept such a key in a signal's `raw`, which POST /signals refuses).
 */
export function refusePrototypeKey(value: unknown): void {
  const prototypeKey = prototypeKeyAt(value, "body");
  if (prototypeKey) {
    throw new AppError(
      "invalid_input",
      `${prototypeKey}: A key named __proto__ is not taken (code that copies the object would change its prototype).`,
      { path: prototypeKey },
    );
  }
}
