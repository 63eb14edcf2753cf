/** An entity as the API returns it: camelCase fields, always an id (environments are keyed by name). */
export type Entity = Record<string, unknown> & { id: string };

/** One page of a list: the API's `{items, nextCursor}`. */
export interface Page<T = Entity> {
  items: T[];
  nextCursor: string | null;
}

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * An error the CLI reports as one line, `error <code>: <message> (<path>)`, with exit status 1.
 * API errors keep the API's stable code and field path.
 */
export class CliError extends Error {
  readonly exitCode: number = 1;
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
    /** When the server said to try again (Retry-After, on rate_limited), in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A mistake in how a command was called (a missing or malformed option): exit status 2. */
export class UsageError extends CliError {
  override readonly exitCode = 2;
  constructor(message: string, path?: string) {
    super("usage", message, path);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; path?: string };
}

/** The Loopwork HTTP API as the CLI and the demo loader use it: JSON in, JSON out, errors as CliError. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    /** An API token (LOOPWORK_TOKEN); the server knows who and what it may do from it. */
    readonly token?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  /** The Authorization header for this client's token (none without one). */
  authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** The full URL of an API path with its query. */
  url(path: string, query: Query = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const qs = search.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  /** GET a path; the answer parsed as JSON. */
  get<T = Entity>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, undefined, query);
  }

  /** POST a JSON body. */
  post<T = Entity>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  /** PATCH a JSON body. */
  patch<T = Entity>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body);
  }

  /** PUT a JSON body. */
  put<T = Entity>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }

  /** One page of a collection, filtered by equality. */
  list<T = Entity>(path: string, query: Query = {}): Promise<Page<T>> {
    return this.get<Page<T>>(path, query);
  }

  /** Calls the API; non-2xx answers become a CliError with the API's code, message and path. */
  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const response = await this.fetch(this.url(path, query), {
      method,
      headers: {
        accept: "application/json",
        ...this.authorization(),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(
        "bad_response",
        `${method} ${path} answered ${response.status} with something that is not JSON.`,
      );
    }
    if (!response.ok) {
      const error = (parsed as ErrorBody | undefined)?.error;
      const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
      // The server asks for a token in HTTP's words; a person at a terminal needs the command. It never
      // says why a token was refused (docs/SECURITY.md), so neither can this.
      const login = "run `npx loopwork login --email <you>` and export the LOOPWORK_TOKEN it prints (or pass --token).";
      const message =
        error?.code !== "unauthenticated"
          ? error?.message
          : this.token
            ? `The API token was refused (mistyped, revoked or expired): ${login}`
            : `No API token: ${login}`;
      throw new CliError(
        error?.code ?? `http_${response.status}`,
        message ?? `${method} ${path} answered ${response.status}.`,
        error?.path,
        Number.isFinite(retryAfter) ? retryAfter : undefined,
      );
    }
    return parsed as T;
  }

  /** fetch, with "the server is not there" turned into an error that says what to do. */
  async fetch(url: string, init: RequestInit): Promise<Response> {
    if (!URL.canParse(this.baseUrl) || !/^https?:$/.test(new URL(this.baseUrl).protocol)) {
      throw new UsageError(
        `${JSON.stringify(this.baseUrl)} is not an address Loopwork can be reached at: give one like http://localhost:4400.`,
        "--url",
      );
    }
    try {
      return await fetch(url, init);
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw Object.assign(
        new CliError(
          "unreachable",
          `Cannot reach Loopwork at ${this.baseUrl} (${reason}). Is it running? Start it with \`npx loopwork start\`, or point --url / LOOPWORK_URL at it.`,
          "--url",
        ),
        { cause: error },
      );
    }
  }
}
