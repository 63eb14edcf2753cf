import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { ApiError, setCsrfToken } from "../api/client";
import { sessionQuery } from "../api/session";

/** Sends a form that signs the person in (sign-in, first run, invitation), then opens the workspace. */
export function useSignIn(next = "/") {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (send: () => Promise<{ csrfToken: string }>) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await send();
      setCsrfToken(answer.csrfToken);
      await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
      await queryClient.fetchQuery(sessionQuery);
      // Only a path inside the workspace: a crafted ?next= never sends the person elsewhere.
      const target = next.startsWith("/app/")
        ? next.slice(4)
        : next.startsWith("/") && !next.startsWith("//")
          ? next
          : "/";
      await navigate({ to: target });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "network", "The server could not be reached."));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}
