import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { webApiTypes, webApiTypesFile } from "../../src/http/web-api-types.js";

test("the workspace's API types match the server's OpenAPI document (else run `npm run web:types`)", async () => {
  const committed = readFileSync(webApiTypesFile, "utf8");
  expect(committed === (await webApiTypes()), "web/src/api/schema.d.ts is stale: run `npm run web:types`").toBe(true);
});
