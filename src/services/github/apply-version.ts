import { cutText } from "../../core/cut-text.js";
import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import { createVersion } from "../create-version.js";
import type { Actor } from "../transaction.js";

/**
 * A tag of a component's repository (a `release`, or a `create`/`push` of a tag) is a version of the
 * component, with every merged pull request no earlier version includes (createVersion's default). The
 * same tag from several events is one version: the first makes it.
 */
export async function applyTag(db: Db, actor: Actor, channel: GithubChannel, tag: string): Promise<string> {
  const componentId = channel.componentId;
  if (!componentId) return "ignored: the channel names no componentId";
  const name = cutText(tag.trim(), 100);
  const [known] = await db.query<{ id: string }>("select id from versions where component_id = $1 and name = $2", [
    componentId,
    name,
  ]);
  if (known) return `version ${known.id} exists`;
  // A concurrent delivery of the same tag fails on (component_id, name); applyGithubEvent applies it again.
  const version = await createVersion(db, actor, { componentId, name });
  return `version ${version.id} created`;
}
