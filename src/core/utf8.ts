import { AppError } from "./errors.js";
import { parseStorableJson } from "./storable-text.js";

/** Decodes UTF-8, refusing bytes that are none (rather than replacing them with U+FFFD). */
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A request body's bytes as text. JSON is UTF-8 (RFC 8259): bytes that are not are refused with
 * invalid_json at `body`, never decoded into U+FFFD characters that would be stored as if sent.
 */
export function utf8Body(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON: it holds bytes that are not UTF-8.", {
      path: "body",
    });
  }
}

/**
 * A signed webhook's body (read raw, to check its signature) as JSON that can be stored: UTF-8, then
 * parsed as parseStorableJson does; either failing is invalid_json at `body`.
 */
export function storableJsonBody(bytes: Uint8Array): unknown {
  const text = utf8Body(bytes);
  try {
    return parseStorableJson(text).value;
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.", { path: "body" });
  }
}
