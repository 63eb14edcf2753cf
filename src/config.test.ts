import { describe, expect, it } from "vitest";
import { configFromEnv } from "./config.js";

describe("configFromEnv: embeddings", () => {
  it("is off unless a URL is set", () => {
    expect(configFromEnv({}).embeddings).toBeUndefined();
    expect(configFromEnv({ LOOPWORK_EMBEDDINGS_MODEL: "m" }).embeddings).toBeUndefined();
  });

  it("reads the URL (without a trailing slash), the model, the key and the timeout", () => {
    expect(
      configFromEnv({
        LOOPWORK_EMBEDDINGS_URL: "https://api.example.com/v1/",
        LOOPWORK_EMBEDDINGS_MODEL: "text-embedding-3-small",
        LOOPWORK_EMBEDDINGS_KEY: "sk-1",
      }).embeddings,
    ).toEqual({ url: "https://api.example.com/v1", model: "text-embedding-3-small", key: "sk-1", timeoutMs: 2000 });
    expect(
      configFromEnv({
        LOOPWORK_EMBEDDINGS_URL: "http://localhost:11434/v1",
        LOOPWORK_EMBEDDINGS_MODEL: "nomic-embed-text",
        LOOPWORK_EMBEDDINGS_TIMEOUT_MS: "500",
      }).embeddings,
    ).toEqual({ url: "http://localhost:11434/v1", model: "nomic-embed-text", key: undefined, timeoutMs: 500 });
  });

  it.each([
    [{ LOOPWORK_EMBEDDINGS_URL: "https://api.example.com/v1" }, /LOOPWORK_EMBEDDINGS_MODEL is not/],
    [{ LOOPWORK_EMBEDDINGS_URL: "api.example.com", LOOPWORK_EMBEDDINGS_MODEL: "m" }, /must be an http\(s\) URL/],
    [
      { LOOPWORK_EMBEDDINGS_URL: "ftp://api.example.com/v1", LOOPWORK_EMBEDDINGS_MODEL: "m" },
      /must be an http\(s\) URL/,
    ],
    [
      { LOOPWORK_EMBEDDINGS_URL: "https://user:s3cret@proxy.example.com/v1", LOOPWORK_EMBEDDINGS_MODEL: "m" },
      /must not hold a user name, password/,
    ],
    [{ LOOPWORK_EMBEDDINGS_URL: "https://proxy.example.com/v1?key=s3cret", LOOPWORK_EMBEDDINGS_MODEL: "m" }, /query/],
  ])("refuses to start with %j, saying what to set", (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
    // The refusal never repeats a secret given in the URL.
    expect(() => configFromEnv(env)).not.toThrow(/s3cret/);
  });
});

describe("configFromEnv: PORT", () => {
  it("is 4400 unless set, and any port from 0 (a free one) to 65535", () => {
    expect(configFromEnv({}).port).toBe(4400);
    expect(configFromEnv({ PORT: "4702" })).toMatchObject({ port: 4702, publicUrl: "http://localhost:4702" });
    expect(configFromEnv({ PORT: "0" }).port).toBe(0);
  });

  it.each(["abc", "-1", "65536", "44.5"])("refuses PORT=%s before anything starts, saying what it takes", (port) => {
    expect(() => configFromEnv({ PORT: port })).toThrow(`PORT must be a port number from 0 to 65535, not "${port}".`);
  });
});
