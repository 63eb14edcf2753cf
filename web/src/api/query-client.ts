import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

/** The one server-state cache: lists stay fresh through the live stream (live.ts), not through polling. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
