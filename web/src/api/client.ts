import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

/** An error the API answered: its stable code, the message a person can act on, and the field path. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from POST or GET /session): every change sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const safe = new Set(["GET", "HEAD", "OPTIONS"]);

// A session's changes must carry X-CSRF-Token (src/http/authenticate.ts); reads need only the cookie.
const csrf: Middleware = {
  onRequest({ request }) {
    if (!safe.has(request.method) && csrfToken) request.headers.set("x-csrf-token", csrfToken);
    return request;
  },
};

/** The typed API client: paths and bodies from the server's OpenAPI document (schema.d.ts is generated). */
export const api = createClient<paths, "application/json">({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError with the API's code and message. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; path?: string } };
  throw new ApiError(
    response.status,
    body.error?.code ?? "http_error",
    body.error?.message ?? `The server answered ${response.status}.`,
    body.error?.path,
  );
}
