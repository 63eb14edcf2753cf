import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { createRecord, getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/**
 * Creates a release of a product. Without versionIds it includes the newest version of each of the
 * product's components — what `loopwork release` in a pipeline wants. Every version must belong to one
 * of the product's components, at most one per component.
 */
export async function createRelease(
  db: Db,
  actor: Actor,
  input: { productId: string; name: string; versionIds?: string[] },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    await getRecord(tx, resources.product, input.productId);
    let versionIds = input.versionIds;
    if (versionIds === undefined) {
      const rows = await tx.query<{ id: string }>(
        `select distinct on (v.component_id) v.id from versions v
           join product_components pc on pc.component_id = v.component_id and pc.product_id = $1
          order by v.component_id, v.id desc`,
        [input.productId],
      );
      versionIds = rows.map((row) => row.id);
    } else {
      const rows = await tx.query<{ id: string; component_id: string; in_product: boolean }>(
        `select v.id, v.component_id,
                exists (select 1 from product_components pc where pc.product_id = $2 and pc.component_id = v.component_id)
                  as in_product
           from versions v where v.id = any($1::uuid[])`,
        [versionIds, input.productId],
      );
      const seen = new Set<string>();
      for (const [i, versionId] of versionIds.entries()) {
        const row = rows.find((r) => r.id === versionId);
        const path = `body.versionIds.${i}`;
        if (!row) throw new AppError("not_found", `No version with id ${versionId}.`, { path });
        if (!row.in_product)
          throw new AppError("invalid_input", "This version's component is not part of the product.", { path });
        if (seen.has(row.component_id))
          throw new AppError("invalid_input", "Two versions of the same component.", { path });
        seen.add(row.component_id);
      }
    }
    if (versionIds.length === 0) {
      throw new AppError("invalid_input", "The product's components have no versions to release yet.", {
        path: "body.versionIds",
      });
    }
    return createRecord(tx, resources.release, { ...input, versionIds });
  });
}
