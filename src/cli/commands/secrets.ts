import type { Command } from "commander";
import { act } from "../context.js";

/**
 * `loopwork secrets rotate`: seal every channel secret again under the current key (docs/SECURITY.md
 * "Secrets at rest"). Local, like `loopwork migrate`: it needs the database and the keys, not the API.
 */
export function secretsCommands(program: Command): void {
  const secrets = program.command("secrets").description("Channel secrets at rest: rotating the key that seals them");
  secrets
    .command("rotate")
    .description(
      "Seal every channel secret under LOOPWORK_SECRET_KEY; older keys in LOOPWORK_SECRET_KEY_PREVIOUS open what they sealed",
    )
    .option("--data <folder>", "the embedded database's folder")
    .action(
      act<{ data?: string }>(async (_cli, _args, options) => {
        const { configFromEnv } = await import("../../config.js");
        const { connect } = await import("../../db/connect.js");
        const { migrate } = await import("../../db/migrate.js");
        const { installSecretKeys, resolveSecretKeys, currentKeyId } = await import("../../services/secret-keys.js");
        const { sealStoredChannelSecrets } = await import("../../services/channel-secrets.js");
        const config = configFromEnv();
        if (options.data) config.dataFolder = options.data;
        installSecretKeys(resolveSecretKeys(config));
        const db = await connect({ databaseUrl: config.databaseUrl, dataFolder: config.dataFolder });
        try {
          await migrate(db);
          const { sealed, resealed } = await sealStoredChannelSecrets(db, { rotate: true });
          console.log(
            `Channel secrets are sealed under key ${currentKeyId()}: ${resealed} sealed again, ${sealed} plain ones sealed.`,
          );
        } finally {
          await db.close();
        }
      }),
    );
}
