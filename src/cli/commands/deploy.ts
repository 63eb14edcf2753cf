import { Argument, type Command, Option } from "commander";
import { CliError, type Entity } from "../client.js";
import { act, type Cli, need } from "../context.js";
import { type SnapbackCounts, snapbackLines } from "../render.js";
import { isId, releaseIdOf } from "../resolve.js";
import { currentFilter, deploymentColumns, releaseFilter } from "./deployment.js";
import { label, listCommand } from "./shared.js";

const statuses = ["pending", "running", "success", "failed", "rolled_back"];

/** The API's answer to recording a deployment: the deployment and what snapback (or the rollback) did. */
export interface DeploymentOutcome {
  deployment: Entity;
  snapback: SnapbackCounts;
}

/** `loopwork deploy …`: tell Loopwork a release was deployed; success in production runs snapback. */
export function deployCommands(program: Command): void {
  const deploy = program
    .command("deploy")
    .description(
      "Record a deployment of a release; success in production runs snapback and tells people their fix is live",
    )
    .enablePositionalOptions()
    .option("--release <product@release>", "the release, e.g. web@2.0.0 (or its id)")
    .option("--env <environment>", "where it was deployed, e.g. production or staging")
    .addOption(
      new Option(
        "--status <status>",
        "how it went; rolled_back marks the newest successful deployment of the release to --env rolled back (deploy rollback <id> names one)",
      )
        .choices(statuses)
        .default("success"),
    )
    .option("--external-id <id>", "your pipeline's run id: reporting the same run again changes nothing")
    .option("--preview", "record nothing: say what it would do, snapback's counts and the people it would tell")
    .addHelpText(
      "after",
      '\nExample (last step of a deployment pipeline):\n  loopwork deploy --release web@2.0.0 --env production --status success --external-id "$CI_RUN_ID"\n\nA rollback step (its newest successful deployment there is marked rolled back):\n  loopwork deploy --release web@2.0.0 --env production --status rolled_back\n\nWhat it would do, before doing it:\n  loopwork deploy --release web@2.0.0 --env production --preview',
    )
    .action(
      act<{ release?: string; env?: string; status: string; externalId?: string; preview?: boolean }>(
        async (cli, _args, o) => {
          need(o, "release", "env");
          const releaseId = await releaseIdOf(cli.api, o.release ?? "");
          const outcome = await cli.api.post<DeploymentOutcome>(o.preview ? "/deployments/preview" : "/deployments", {
            releaseId,
            environment: o.env,
            status: o.status,
            externalId: o.externalId,
          });
          // Given by id (a pipeline may keep the one `release --json` answered): named as people name it.
          const what = isId(o.release ?? "")
            ? await deployedWhat(cli, { releaseId, environment: o.env })
            : `${o.release} to ${o.env}`;
          await printOutcome(cli, outcome, what, o.preview);
        },
      ),
    );

  // `deploy` has a --preview of its own, and the program parses its commands' options wherever they stand
  // (its global --json and --url may follow a subcommand): `deploy rollback <id> --preview` sets deploy's.
  const previewing = (o: { preview?: boolean }) => Boolean(o.preview || deploy.opts().preview);

  deploy
    .command("mark")
    .argument("<id>", "the deployment's id")
    .addArgument(new Argument("<status>", "its new status").choices(statuses))
    .description("Change a recorded deployment's status (e.g. a pending one that succeeded)")
    .option("--preview", "change nothing: say what it would do")
    .action(
      act<{ preview?: boolean }>(async (cli, [id = "", status = ""], o) => markAs(cli, id, status, previewing(o))),
    );

  deploy
    .command("rollback")
    .argument("<id>", "the deployment's id")
    .description(
      "Mark a successful deployment rolled back: what only it made live is taken back, and people it told hear so once",
    )
    .option("--preview", "change nothing: say what it would take back and whom it would tell")
    .action(act<{ preview?: boolean }>(async (cli, [id = ""], o) => markAs(cli, id, "rolled_back", previewing(o))));

  listCommand(deploy, {
    path: "deployments",
    plural: "deployments",
    columns: deploymentColumns,
    filters: [
      releaseFilter,
      { flags: "--env <environment>", description: "only deployments to this environment", param: "environment" },
      { flags: "--status <status>", description: statuses.join(", "), param: "status" },
      currentFilter,
    ],
  });
}

/** A recorded deployment's new status (PATCH), or with preview what it would do (POST …/preview). */
async function markAs(cli: Cli, id: string, status: string, preview = false): Promise<void> {
  const path = `/deployments/${encodeURIComponent(id)}`;
  const outcome = preview
    ? await cli.api.post<DeploymentOutcome>(`${path}/preview`, { status })
    : await cli.api.patch<DeploymentOutcome>(path, { status });
  await printOutcome(cli, outcome, await deployedWhat(cli, outcome.deployment), preview);
}

/** "web@2.0.0 to production": the release as the pipeline names it (read with any token a pipeline has). */
async function deployedWhat({ api, out }: Cli, deployment: Record<string, unknown>): Promise<string> {
  if (out.json) return "";
  const release = await api.get(`/releases/${deployment.releaseId}`);
  const product = await api.get(`/products/${release.productId}`);
  return `${product.slug}@${release.name} to ${deployment.environment}`;
}

async function printOutcome(
  { api, out }: Cli,
  outcome: DeploymentOutcome,
  what: string,
  preview = false,
): Promise<void> {
  if (out.json) return out.result(outcome, () => {});
  const { deployment, snapback } = outcome;
  if (preview) {
    // A recorded deployment previewed in a new status (`deploy mark … --preview`) is named by its id.
    const which = deployment.id ? `Deployment ${deployment.id} of ${what}, marked` : `A deployment of ${what},`;
    out.line(`Preview: nothing was recorded. ${which} ${label(deployment.status)}, would do this.`);
  } else {
    out.line(`Deployment ${deployment.id} of ${what}: ${label(deployment.status)}`);
  }
  if (snapback.replay) {
    out.line(`It was already recorded as ${label(deployment.status)}: nothing more to do (a replay).`);
    return;
  }
  // A deploy-only token (a CI pipeline's) may not read improvements and patterns: their ids, then. The
  // deployment is recorded by now; failing here would fail the pipeline's step for a title.
  const titles = async (path: string, ids: string[]) =>
    Promise.all(
      ids.map(async (id) => {
        try {
          return String((await api.get(`/${path}/${id}`)).title);
        } catch (error) {
          if (error instanceof CliError && error.code === "forbidden") return id;
          throw error;
        }
      }),
    );
  out.line(
    ...snapbackLines(
      snapback,
      {
        improvements: await titles("improvements", snapback.improvementsCompleted),
        patterns: await titles("patterns", snapback.patternsAddressed),
        reopened: await titles("patterns", snapback.patternsReopened ?? []),
      },
      { status: deployment.status, preview },
    ),
  );
}
