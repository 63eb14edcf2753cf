import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { ApiError } from "../api/client";
import { Button } from "../ui/button";

/**
 * True when a screen's code could not be fetched: the server is unreachable, or a newer version was
 * deployed and the old hashed file names are gone (the browsers' messages for a failed dynamic import).
 */
function isMissingCode(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/.test(
    message,
  );
}

/** What a person reads when a screen failed: never a stack trace. */
function whatWentWrong(error: unknown): string {
  if (isMissingCode(error)) {
    return "This screen could not be loaded: the workspace could not be reached, or a newer version of Loopwork was deployed since this page was opened. Reload the page to get it.";
  }
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The workspace could not be reached. Check the connection, then try again.";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every route's error: shown where the screen would be, so the navigation stays. Missing code needs
 * a reload of the page (new file names); anything else is tried again in place.
 */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const reload = isMissingCode(error);
  return (
    <section className="route-error" role="alert">
      <h1>{reload ? "This screen could not be loaded" : "Something went wrong"}</h1>
      <p>{whatWentWrong(error)}</p>
      <Button
        variant="primary"
        onClick={() => {
          if (reload) {
            window.location.reload();
            return;
          }
          reset();
          router.invalidate();
        }}
      >
        {reload ? "Reload" : "Try again"}
      </Button>
    </section>
  );
}
