// Builds the workspace (web/ → web/dist) whether or not it is stale: `npm run build:web`. `npm start`
// builds it by itself when missing or stale; this is for CI and for people who build ahead of time.
import { ensureWorkspaceBuilt, firstPageBudget } from "../src/http/workspace-build.js";

const built = await ensureWorkspaceBuilt((line) => console.log(line), { force: true });
if (built.firstPageJsGzipBytes > firstPageBudget) {
  console.error(`The first page's JavaScript is over its budget of ${firstPageBudget / 1024} KB gzipped.`);
  process.exit(1);
}
