import { z } from "zod";
import type { EmbeddingsConfig } from "../../config.js";

/** Texts in one request to the provider (OpenAI takes up to 2,048; local servers often far fewer). */
export const inputsPerRequest = 64;
/** Characters of a text sent: a report's title and the start of its body say what it is about. */
export const charactersPerText = 4000;
/** After a failure the provider rests this long (ms): a provider that is down costs one timeout, not one per signal. */
export const restAfterFailureMs = 30_000;

/** Why the matcher went without embeddings this time (a timeout, a refusal, an answer it could not read). */
export class EmbeddingsUnavailable extends Error {
  override name = "EmbeddingsUnavailable";
}

/** What GET /matcher shows of the provider: never its key, never credentials in its URL. */
export interface EmbeddingsHealth {
  enabled: boolean;
  model: string | null;
  /** The provider's address without credentials, query or fragment. */
  url: string | null;
  keySet: boolean;
  timeoutMs: number | null;
  /** In this process: the last answer it gave, and the last failure with why. */
  lastSuccessAt: string | null;
  lastFailure: { at: string; reason: string } | null;
}

/** An embeddings provider as the matcher uses it. */
export interface EmbeddingsProvider {
  model: string;
  timeoutMs: number;
  /**
   * One vector per text, in order; throws EmbeddingsUnavailable (and rests) on a timeout, an error
   * status or an answer that does not fit. `signal` bounds the whole call, however many requests it takes.
   */
  embed(texts: string[], signal: AbortSignal): Promise<number[][]>;
  /** Why it is resting after a failure, or null when it may be asked. */
  resting(nowMs?: number): string | null;
  health(): EmbeddingsHealth;
}

const answer = z.object({
  data: z
    .array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number().finite()).min(1) }))
    .min(1),
});

/** The provider's address as it may be shown: no user, password, query or fragment. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/**
 * The client of an OpenAI-compatible embeddings API: POST {url}/embeddings with {model, input: [texts]},
 * `Authorization: Bearer <key>` when a key is set; the answer's `data[i].embedding` (ordered by `index`).
 */
export function openAiEmbeddings(config: EmbeddingsConfig): EmbeddingsProvider {
  let lastSuccessAt: Date | null = null;
  let lastFailure: { at: Date; reason: string } | null = null;

  const request = async (input: string[], signal: AbortSignal): Promise<number[][]> => {
    let response: Response;
    try {
      response = await fetch(`${config.url}/embeddings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(config.key ? { authorization: `Bearer ${config.key}` } : {}),
        },
        body: JSON.stringify({ model: config.model, input }),
        signal,
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      const reason = signal.aborted
        ? `no answer within ${config.timeoutMs} ms`
        : `could not reach it (${cause ?? (error as Error).message})`;
      throw new EmbeddingsUnavailable(reason);
    }
    if (!response.ok) {
      // The provider's own words, briefly: they say what is wrong (a model it does not have, a bad key).
      const said = (await response.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 200);
      throw new EmbeddingsUnavailable(`it answered ${response.status}${said ? `: ${said}` : ""}`);
    }
    const parsed = answer.safeParse(await response.json().catch(() => null));
    if (signal.aborted) throw new EmbeddingsUnavailable(`no answer within ${config.timeoutMs} ms`);
    if (!parsed.success) throw new EmbeddingsUnavailable("its answer has no data[].embedding arrays of numbers");
    const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (vectors.length !== input.length) {
      throw new EmbeddingsUnavailable(`it answered ${vectors.length} vectors for ${input.length} texts`);
    }
    if (vectors.some((v) => v.length !== vectors[0]?.length)) {
      throw new EmbeddingsUnavailable("its vectors differ in length");
    }
    return vectors;
  };

  return {
    model: config.model,
    timeoutMs: config.timeoutMs,
    async embed(texts, signal) {
      const out: number[][] = [];
      try {
        for (let i = 0; i < texts.length; i += inputsPerRequest) {
          const chunk = texts.slice(i, i + inputsPerRequest).map((t) => t.slice(0, charactersPerText) || " ");
          out.push(...(await request(chunk, signal)));
        }
      } catch (error) {
        // Whatever the provider said, its key is never repeated (health and reasons are shown to viewers).
        const said = error instanceof EmbeddingsUnavailable ? error.message : String(error);
        const reason = config.key ? said.split(config.key).join("…") : said;
        lastFailure = { at: new Date(), reason };
        throw new EmbeddingsUnavailable(reason);
      }
      lastSuccessAt = new Date();
      return out;
    },
    resting(nowMs = Date.now()) {
      if (!lastFailure || (lastSuccessAt && lastSuccessAt > lastFailure.at)) return null;
      const ago = nowMs - lastFailure.at.getTime();
      if (ago >= restAfterFailureMs) return null;
      return `it failed ${Math.round(ago / 1000)} s ago (${lastFailure.reason}); asked again after ${restAfterFailureMs / 1000} s`;
    },
    health() {
      return {
        enabled: true,
        model: config.model,
        url: shownUrl(config.url),
        keySet: Boolean(config.key),
        timeoutMs: config.timeoutMs,
        lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
        lastFailure: lastFailure ? { at: lastFailure.at.toISOString(), reason: lastFailure.reason } : null,
      };
    },
  };
}

/** GET /matcher's answer when no provider is configured. */
export const embeddingsOff: EmbeddingsHealth = {
  enabled: false,
  model: null,
  url: null,
  keySet: false,
  timeoutMs: null,
  lastSuccessAt: null,
  lastFailure: null,
};

const providers = new WeakMap<EmbeddingsConfig, EmbeddingsProvider>();

/** The process's provider for a configuration (one per configuration, so its health is shared), or undefined when off. */
export function embeddingsOf(config: { embeddings?: EmbeddingsConfig }): EmbeddingsProvider | undefined {
  const wanted = config.embeddings;
  if (!wanted) return undefined;
  let provider = providers.get(wanted);
  if (!provider) {
    provider = openAiEmbeddings(wanted);
    providers.set(wanted, provider);
  }
  return provider;
}

let installed: EmbeddingsProvider | undefined;

/**
 * Makes this configuration's provider (or none) the process's: intake auto-attaches on every path a
 * signal arrives by (createSignals), few of which see the configuration. startLoopwork calls it, as it
 * installs the secret keys.
 */
export function installEmbeddings(config: { embeddings?: EmbeddingsConfig }): EmbeddingsProvider | undefined {
  installed = embeddingsOf(config);
  return installed;
}

/** The process's embeddings provider, or undefined when it matches by text only. */
export function installedEmbeddings(): EmbeddingsProvider | undefined {
  return installed;
}
