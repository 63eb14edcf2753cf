import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // One installation key for the run: worker processes the tests start inherit it (test only).
    env: { LOOPWORK_SECRET_KEY: "dGVzdC1vbmx5LWtleS1mb3ItbG9vcHdvcmstdGVzdHM=" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only queue behind PGlite's WebAssembly.
    maxWorkers: 2,
  },
});
