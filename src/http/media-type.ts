/**
 * A Content-Type header read as HTTP reads it (RFC 9110 §8.3.1): the type and subtype are
 * case-insensitive, and so is a parameter's name; a charset's value is too (§8.3.2).
 */
export interface MediaType {
  /** The type and subtype, lower-case: `application/json`. */
  type: string;
  /** The charset parameter, lower-case, unquoted; undefined when not given. */
  charset: string | undefined;
}

export function mediaTypeOf(header: string | undefined): MediaType {
  const [type = "", ...parameters] = (header ?? "").split(";");
  let charset: string | undefined;
  for (const parameter of parameters) {
    const at = parameter.indexOf("=");
    if (at < 0 || parameter.slice(0, at).trim().toLowerCase() !== "charset") continue;
    charset = parameter
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** Whether a JSON body's declared charset is UTF-8, the only one JSON exchanged between systems may use (RFC 8259 §8.1). */
export const utf8Charset = (charset: string | undefined) =>
  charset === undefined || charset === "utf-8" || charset === "utf8";
