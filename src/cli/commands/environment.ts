import type { Command } from "commander";
import { act } from "../context.js";
import { listCommand } from "./shared.js";

/** `loopwork env …`: where releases are deployed; success in a production one runs snapback. */
export function environmentCommands(program: Command): void {
  const env = program
    .command("env")
    .description("Environments: where releases run (production and staging exist from the start)");

  env
    .command("add")
    .argument("<name>", "its name, e.g. eu-production")
    .description("Add an environment")
    .option("--production", "people use it: a successful deployment here runs snapback", false)
    .action(
      act<{ production: boolean }>(async ({ api, out }, [name = ""], o) => {
        const created = await api.post("/environments", { name, production: o.production });
        out.result(created, () => out.line(`Added ${o.production ? "production " : ""}environment ${name}`));
      }),
    );

  listCommand(env, {
    path: "environments",
    plural: "environments",
    columns: [
      { header: "name", value: (e) => e.name },
      { header: "production", value: (e) => (e.production ? "yes" : "no") },
    ],
  });
}
