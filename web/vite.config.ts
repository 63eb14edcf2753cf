// The workspace's build: `npm run build:web`, or the web role's first start (src/http/workspace-build.ts).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Served under /app/ by the web role; the API keeps the root (docs/adr/0004).
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The CSP allows no inline script: vite's modulepreload polyfill would be one.
    modulePreload: { polyfill: false },
    // Hashed names only under assets/: they are served with a year-long immutable cache.
    assetsDir: "assets",
    chunkSizeWarningLimit: 400,
  },
});
