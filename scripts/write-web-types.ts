// Writes the workspace's API types (web/src/api/schema.d.ts) from the OpenAPI document the server
// serves: `npm run web:types`. test/web/api-types.test.ts fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { webApiTypes, webApiTypesFile } from "../src/http/web-api-types.js";

writeFileSync(webApiTypesFile, await webApiTypes());
console.log(`wrote ${webApiTypesFile}`);
