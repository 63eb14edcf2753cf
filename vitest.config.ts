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
    // A worker keeps its imported modules from one test file to the next (each file still makes its own
    // database and app): importing Fastify, zod and the services again for every file took 90 of 270 s
    // of test/http, and the whole suite ran in 575 s instead of 835 s (2 cores). Tests share no module
    // state they depend on; a file that needs a fresh module may say so with vi.resetModules().
    isolate: false,
  },
});
