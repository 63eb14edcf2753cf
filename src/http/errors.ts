import type { FastifyError } from "fastify";
import type { z } from "zod";
import { AppError, httpStatus, type Issue, withArticle } from "../core/errors.js";
import { camelCase as camel } from "../db/columns.js";
import { violatedKey } from "../db/violated-key.js";

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string; issues?: Issue[] };
}

/** What a value is, as a person says it: `null`, `nothing`, `an array`, `a string`. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  return withArticle(typeof value);
}

// zod's names of what it expected, where they are not words a person uses.
const typeWords: Record<string, string> = { int: "whole number", nan: "NaN", record: "object" };

/**
 * zod's messages where they read as zod's internals ("Invalid input: expected object, received
 * undefined" for a body of `null`): a value of the wrong type says what was expected and what was
 * sent — "Expected an object, received null". Messages a schema gives itself win over this map.
 */
const inputMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== "invalid_type") return undefined;
  const expected = String(issue.expected);
  // A number where a whole number (or a finite one) is expected is named by its value: "received 1.5",
  // not "received a number".
  const numeric = expected === "number" || expected === "int";
  const received = numeric && typeof issue.input === "number" ? String(issue.input) : kindOf(issue.input);
  return `Expected ${withArticle(typeWords[expected] ?? expected)}, received ${received}`;
};

/**
 * Whether an issue is the bound zod's `int()` puts on every whole number (the safe integers, ±2^53 − 1),
 * while the field's own bound is broken too (`number: 1e308` with `max(2147483647)`): the field's own is
 * the one to name, not "expected int to be <=9007199254740991".
 */
function safeIntegerBoundBeside(issue: z.core.$ZodIssue, all: z.core.$ZodIssue[]): boolean {
  if ((issue.code !== "too_big" && issue.code !== "too_small") || issue.origin !== "int") return false;
  const at = issue.path.join(".");
  return all.some((other) => other !== issue && other.code === issue.code && other.path.join(".") === at);
}

/**
 * A query parameter given more than once (`?q=a&q=b`) arrives as an array: said as such, not as "Expected a
 * string, received an array".
 */
const queryMessages: z.core.$ZodErrorMap = (issue) =>
  Array.isArray(issue.input) && !(issue.code === "invalid_type" && issue.expected === "array")
    ? `Give it once, not ${issue.input.length} times.`
    : inputMessages(issue);

/** Validates part ("body", "query", "params") of a request with schema: its data, or an invalid_input error. */
export function parseInput<T>(part: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value, { error: part === "query" ? queryMessages : inputMessages });
  if (!parsed.success) throw invalidInput(part, parsed.error);
  return parsed.data;
}

/** Turns a zod failure at part ("body", "query", "params") into an invalid_input error with field paths. */
export function invalidInput(part: string, error: z.ZodError): AppError {
  const issues = error.issues
    .filter((issue) => !safeIntegerBoundBeside(issue, error.issues))
    .map((issue) => ({
      // An unknown field is named in the path, so a client sees which one it may not send.
      path: [
        part,
        ...issue.path.map(String),
        ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : []),
      ].join("."),
      message: issue.message,
    }));
  const first = issues[0] ?? { path: part, message: "Invalid input." };
  return new AppError("invalid_input", `${first.path}: ${first.message}`, { path: first.path, issues });
}

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

/**
 * What a taken unique value says to a person: "slug web is already taken." for a key of one column; for a
 * key scoped by others (a version's name within its component), the scope in words rather than its
 * columns and ids — "This component already has a version with name 2.4.0." — since the caller named it.
 */
function takenMessage(key: { columns: string; values: string }, table: string | undefined): string {
  const columns = key.columns.split(", ");
  if (columns.length === 1) return `${key.columns} ${key.values} is already taken.`;
  // The leading values are the scope's (ids, an environment's name: no ", " inside); the rest is the last's.
  const values = key.values.split(", ");
  const value = values.slice(columns.length - 1).join(", ");
  const scope = columns
    .slice(0, -1)
    .map((column, i) =>
      column.endsWith("_id")
        ? `this ${column.slice(0, -3).replaceAll("_", " ")}`
        : `${column.replaceAll("_", " ")} ${values[i]}`,
    )
    .join(" and ");
  const field = (columns.at(-1) ?? "").replaceAll("_", " ");
  const entity = table ? withArticle(table.replace(/s$/, "")) : "one";
  return `${scope.charAt(0).toUpperCase()}${scope.slice(1)} already has ${entity} with ${field} ${value}.`;
}

/** Database errors that bad input can cause, as the AppError a person can act on. */
function fromDatabase(error: PgError): AppError | undefined {
  const key = violatedKey(error.detail);
  const field = key?.columns.split(", ").at(-1);
  const path = field ? `body.${camel(field)}` : undefined;
  switch (error.code) {
    case "23503": {
      // Named as the table it is missing from says ("brainstorm_sessions": a brainstorm session), as the
      // checks before the write name it: one message whether it exists in a loop the caller cannot see
      // or nowhere.
      const table = /table "(\w+)"/.exec(error.detail ?? "")?.[1];
      const entity = table
        ? table.replace(/s$/, "").replaceAll("_", " ")
        : field?.replace(/_id$/, "").replace("_", " ");
      return new AppError(
        "not_found",
        key ? `No ${entity} with id ${key.values}.` : "A referenced entity does not exist.",
        path ? { path } : {},
      );
    }
    case "23505":
      return new AppError(
        "conflict",
        key ? takenMessage(key, error.table) : "That already exists.",
        path ? { path } : {},
      );
    case "23514":
      return new AppError("invalid_input", `A value breaks the rule ${error.constraint ?? ""}.`);
    case "22P05":
    case "22021":
      return new AppError("invalid_input", "A text contains a character the database cannot store (such as \\u0000).");
    case "22P02":
    case "22007":
    case "22008":
    case "22003":
      return new AppError("invalid_input", "A value has the wrong format or is out of range.");
    default:
      return undefined;
  }
}

const fastifyCodes: Record<string, AppError["code"]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_input",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
};

/**
 * Node's error when a client hangs up before sending the whole body it announced (abortIncoming:
 * "aborted", ECONNRESET): nobody is left to answer, and nothing went wrong on our side.
 */
function abandonedByClient(error: unknown): boolean {
  return (
    error instanceof Error && (error as NodeJS.ErrnoException).code === "ECONNRESET" && error.message === "aborted"
  );
}

/** The HTTP status and body for any error a request ends with; unknown errors become a bare 500. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  let appError: AppError | undefined;
  if (error instanceof AppError) appError = error;
  const fastifyCode = (error as FastifyError)?.code;
  if (!appError && fastifyCode && fastifyCodes[fastifyCode]) {
    const code = fastifyCodes[fastifyCode];
    const message =
      code === "invalid_json"
        ? "The body is not valid JSON."
        : code === "body_too_large"
          ? "The body is larger than this server accepts."
          : code === "unsupported_media_type"
            ? "Send the body as application/json."
            : (error as Error).message;
    appError = new AppError(code, message, { path: "body" });
  }
  if (!appError && abandonedByClient(error)) {
    appError = new AppError("invalid_input", "The request ended before its body did.", { path: "body" });
  }
  appError ??= fromDatabase(error as PgError);
  if (!appError) {
    return {
      status: 500,
      body: { error: { code: "internal_error", message: "Something went wrong on our side; it has been logged." } },
      unexpected: true,
    };
  }
  const { path, issues } = appError.details;
  return {
    status: httpStatus[appError.code],
    body: {
      error: {
        code: appError.code,
        message: appError.message,
        ...(path ? { path } : {}),
        ...(issues ? { issues } : {}),
      },
    },
    unexpected: false,
  };
}
