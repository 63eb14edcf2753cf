/**
 * The one error type of Loopwork. `code` is stable (scripts may rely on it), `message` says what to do,
 * `path` names the offending field ("body.urgency") when there is one. docs/ERRORS.md lists every code.
 */
export type ErrorCode =
  | "invalid_json"
  | "invalid_input"
  | "invalid_cursor"
  | "body_too_large"
  | "headers_too_large"
  | "unsupported_media_type"
  | "not_found"
  | "route_not_found"
  | "method_not_allowed"
  | "conflict"
  | "invalid_transition"
  | "pattern_merged"
  | "pattern_notified"
  | "move_not_undoable"
  | "signals_attached"
  | "invalid_signature"
  | "link_expired"
  | "unauthenticated"
  | "sign_in_failed"
  | "forbidden"
  | "csrf_failed"
  | "origin_not_allowed"
  | "rate_limited"
  | "unreachable"
  | "data_folder_in_use"
  | "secret_unreadable"
  | "internal_error";

/** A field-level problem inside an invalid_input error. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * An error a person can act on: stable code, plain message, optional field path and details. `id` is the
 * id a not_found names when its thrower cannot know where the request gave it (notFound without a path):
 * the HTTP layer names the path parameter that holds it. Never part of the answer itself.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { path?: string; issues?: Issue[]; retryAfterSeconds?: number; id?: string } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The HTTP status for each error code: the one place that decides it. */
export const httpStatus: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_input: 400,
  invalid_cursor: 400,
  body_too_large: 413,
  headers_too_large: 431,
  unsupported_media_type: 415,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_transition: 409,
  pattern_merged: 409,
  pattern_notified: 409,
  move_not_undoable: 409,
  signals_attached: 409,
  invalid_signature: 401,
  link_expired: 410,
  unauthenticated: 401,
  sign_in_failed: 401,
  forbidden: 403,
  csrf_failed: 403,
  origin_not_allowed: 403,
  rate_limited: 429,
  unreachable: 409,
  data_folder_in_use: 503,
  secret_unreadable: 503,
  internal_error: 500,
};

/** Shorthand for the error every lookup by id raises; without a path, it carries the id (see AppError). */
export function notFound(entity: string, id: string, path?: string): AppError {
  return new AppError("not_found", `No ${entity} with id ${id}.`, path ? { path } : { id });
}

/** An entity's name with its article, for messages: "an improvement", "a pull request" ("An …" to start one). */
export function withArticle(name: string, capital = false): string {
  const words = name.replaceAll("_", " ");
  const article = /^[aeiou]/i.test(words) ? "an" : "a";
  return `${capital ? article.charAt(0).toUpperCase() + article.slice(1) : article} ${words}`;
}
