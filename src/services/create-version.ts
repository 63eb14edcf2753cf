import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { createRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/**
 * Creates a version of a component. Without pullRequestIds it includes every merged pull request of the
 * component that no version includes yet — what `loopwork version` in a pipeline wants.
 */
export async function createVersion(
  db: Db,
  actor: Actor,
  input: { componentId: string; name: string; pullRequestIds?: string[] },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    let pullRequestIds = input.pullRequestIds;
    if (pullRequestIds === undefined) {
      const rows = await tx.query<{ id: string }>(
        `select pr.id from pull_requests pr
          where pr.component_id = $1 and pr.status = 'merged'
            and not exists (select 1 from version_pull_requests vpr where vpr.pull_request_id = pr.id)`,
        [input.componentId],
      );
      pullRequestIds = rows.map((row) => row.id);
    } else if (pullRequestIds.length > 0) {
      const foreign = await tx.query<{ id: string }>(
        "select id from pull_requests where id = any($1::uuid[]) and component_id <> $2",
        [pullRequestIds, input.componentId],
      );
      const first = foreign[0];
      if (first) {
        throw new AppError("invalid_input", `Pull request ${first.id} belongs to another component.`, {
          path: `body.pullRequestIds.${pullRequestIds.indexOf(first.id)}`,
        });
      }
    }
    return createRecord(tx, resources.version, { ...input, pullRequestIds });
  });
}
