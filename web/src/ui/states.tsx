import { Link } from "@tanstack/react-router";
import { type ReactNode, useEffect, useRef } from "react";
import { ApiError } from "../api/client";
import { clipText } from "./format";

/** Shown while a screen's data loads. */
export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}…
    </p>
  );
}

/**
 * The API's message as a person reads it: a refused field's message starts with its path
 * ("body.expression: Not a regular expression…"), which names the field by its last word instead
 * ("Expression: Not a regular expression…"; "body.minScore" reads "Min score").
 */
function readableMessage(error: ApiError): string {
  const path = error.path ?? "";
  if (!/^(body|query)\./.test(path) || !error.message.startsWith(`${path}: `)) return error.message;
  const last =
    path
      .split(".")
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? "";
  const field = last.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `${field.charAt(0).toUpperCase()}${field.slice(1)}: ${error.message.slice(path.length + 2)}`;
}

/** An error the API answered, with its message (never a stack trace). */
export function ErrorNote({ error }: { error: unknown }) {
  const message =
    error instanceof ApiError ? readableMessage(error) : error instanceof Error ? error.message : String(error);
  return (
    <p className="error-note" role="alert">
      {message}
    </p>
  );
}

/**
 * True when what a page's address names does not exist: an id the API does not know (404), or one
 * that is no id at all — the API refuses it as invalid input at `params.id`, but for a person it is the
 * same dead link (a mistyped or cut-off URL), not a form to correct.
 */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 404 || (error.code === "invalid_input" && (error.path ?? "").startsWith("params."));
}

/**
 * A detail page's error: for an unknown or malformed id the same not-found state (a heading, what was
 * looked for, the way home); anything else the API's message.
 */
export function PageError({ error, what, id }: { error: unknown; what: string; id: string }) {
  if (!isNotFound(error)) return <ErrorNote error={error} />;
  return (
    <section className="route-error">
      <PageHeader title={`No such ${what}`} />
      <p>
        There is no {what} with the id “{clipText(id, 80)}”: the link may be mistyped or cut off.{" "}
        <Link to="/">Go to the workspace's home</Link>, or press Ctrl-K to find it.
      </p>
    </section>
  );
}

/**
 * The window's (and the history's) title while a page shows: its heading, then Loopwork; back to
 * Loopwork alone when it goes, for a screen without one.
 */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Loopwork`;
    return () => {
      document.title = "Loopwork";
    };
  }, [title]);
}

/** A screen's title row: the title, and the actions the person may take there. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <header className="page-header">
      <h1>{title}</h1>
      <div className="page-actions">{children}</div>
    </header>
  );
}

/** What an action did, focused when it appears: the dialog or button that had the focus is gone. */
export function Said({ text }: { text: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} role="status" tabIndex={-1}>
      {text}
    </p>
  );
}
