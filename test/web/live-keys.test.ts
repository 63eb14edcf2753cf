import { QueryClient } from "@tanstack/react-query";
import { expect, test } from "vitest";
import { keysMovedBy, snapbackKey } from "../../web/src/api/live-keys.js";

/** Which of the queries a deployment page holds an event makes stale, as the live stream invalidates them. */
async function staleAfter(event: { entityType: string; after: unknown }) {
  const client = new QueryClient();
  const held = {
    deployment: ["deployment", "d1"],
    snapback: snapbackKey("d1"),
    told: ["notification", "list", { deploymentId: "d1" }],
  };
  for (const key of Object.values(held)) client.setQueryData(key, {});
  for (const queryKey of keysMovedBy(event)) await client.invalidateQueries({ queryKey });
  return Object.entries(held)
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);
}

test("another deployment's event leaves this deployment's snapback as it was", async () => {
  expect(await staleAfter({ entityType: "deployment", after: { status: "success" } })).toEqual(["deployment", "told"]);
  expect(await staleAfter({ entityType: "pattern", after: { status: "addressed", deploymentId: "d2" } })).toEqual([]);
});

test("an event its snapback (or a rollback of it) wrote makes this deployment's snapback stale", async () => {
  expect(
    await staleAfter({ entityType: "pattern", after: { status: "addressed", reason: "deployed", deploymentId: "d1" } }),
  ).toEqual(["snapback"]);
  expect(await staleAfter({ entityType: "notification", after: { deploymentId: "d1" } })).toEqual(["snapback", "told"]);
});
