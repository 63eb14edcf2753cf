import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackEmbeddings, startLoopbackEmbeddings } from "../../../test/helpers/loopback-embeddings.js";
import { EmbeddingsUnavailable, openAiEmbeddings } from "./openai-embeddings.js";

let provider: LoopbackEmbeddings;
beforeAll(async () => {
  provider = await startLoopbackEmbeddings({ model: "m", key: "k-secret" });
});
afterAll(async () => provider?.close());

const soon = () => AbortSignal.timeout(2000);

describe("openAiEmbeddings", () => {
  it("sends the documented request and orders the answer by index, in chunks of 64", async () => {
    const client = openAiEmbeddings({ url: provider.url, model: "m", key: "k-secret", timeoutMs: 2000 });
    const texts = Array.from({ length: 70 }, (_, i) => (i % 2 ? `settings ${i}` : `pdf export ${i}`));
    const vectors = await client.embed(texts, soon());
    expect(vectors).toHaveLength(70);
    expect(vectors[0]?.[3]).toBe(2); // "pdf export": two words of one concept
    expect(vectors[1]?.[1]).toBe(1);
    expect(provider.received.slice(-2).map((r) => r.input.length)).toEqual([64, 6]);
    expect(client.health()).toMatchObject({ enabled: true, keySet: true, lastFailure: null });
    expect(client.resting()).toBeNull();
  });

  it.each<[Partial<LoopbackEmbeddings>, { key: string; path?: string; timeoutMs?: number }, RegExp]>([
    [{ failWith: 503 }, { key: "k-secret" }, /^it answered 503: .*overloaded/],
    [{}, { key: "wrong" }, /^it answered 401: .*Incorrect API key/],
    [{}, { key: "k-secret", path: "/v2" }, /^it answered 400/],
    [{ delayMs: 300 }, { key: "k-secret", timeoutMs: 50 }, /^no answer within 50 ms$/],
  ])("fails as EmbeddingsUnavailable (%j, %j), then rests", async (server, client, reason) => {
    Object.assign(provider, { failWith: null, delayMs: 0 }, server);
    const config = { url: provider.url.replace("/v1", client.path ?? "/v1"), model: "m", timeoutMs: 2000, ...client };
    const made = openAiEmbeddings(config);
    const error = await made.embed(["x"], AbortSignal.timeout(config.timeoutMs)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingsUnavailable);
    expect((error as Error).message).toMatch(reason);
    expect(made.resting()).toMatch(/failed 0 s ago/);
    expect(made.resting(Date.now() + 31_000)).toBeNull();
    expect(JSON.stringify(made.health())).not.toContain("k-secret");
    Object.assign(provider, { failWith: null, delayMs: 0 });
  });

  it("never repeats its key in a reason, whatever the provider says", async () => {
    const made = openAiEmbeddings({ url: "http://127.0.0.1:1/v1", model: "m", key: "127.0.0.1", timeoutMs: 500 });
    const error = await made.embed(["x"], AbortSignal.timeout(500)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^could not reach it/);
    expect((error as Error).message).not.toContain("127.0.0.1");
  });
});
