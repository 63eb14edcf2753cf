import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/connect.js";
import { createRecord, type Presented } from "../../src/services/records.js";
import { type Resource, resources } from "../../src/services/resources.js";
import { inTransaction } from "../../src/services/transaction.js";

/** A short random slug, so tests never collide. */
export const uniqueSlug = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Creates one entity through the same service the API uses. */
export function make(db: Db, name: keyof typeof resources, input: Record<string, unknown>): Promise<Presented> {
  return inTransaction(db, "test", (tx) => createRecord(tx, resources[name] as Resource, input));
}

/** A loop with two products that share one component, and an email channel. */
export async function twoProductsSharingAComponent(db: Db) {
  const loop = await make(db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
  const component = await make(db, "component", { slug: uniqueSlug("sync"), name: "Sync engine" });
  const productA = await make(db, "product", {
    loopId: loop.id,
    slug: uniqueSlug("web"),
    name: "Web",
    componentIds: [component.id],
  });
  const productB = await make(db, "product", {
    loopId: loop.id,
    slug: uniqueSlug("desktop"),
    name: "Desktop",
    componentIds: [component.id],
  });
  const channel = await make(db, "channel", {
    loopId: loop.id,
    slug: uniqueSlug("support"),
    name: "Support",
    kind: "email",
  });
  return { loop, component, productA, productB, channel };
}
