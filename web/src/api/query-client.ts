import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

let onSignedOut: () => void = () => {};

/** What to do when the API says nobody is signed in any more (the session ended or was revoked). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

// A 401 from any read or change means the session is over: the sign-in page, then back here.
const signedOutOn = (error: Error) => {
  if (error instanceof ApiError && error.status === 401 && error.code === "unauthenticated") onSignedOut();
};

/** The one server-state cache: lists stay fresh through the live stream (live.ts), not through polling. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: signedOutOn }),
  mutationCache: new MutationCache({ onError: signedOutOn }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
