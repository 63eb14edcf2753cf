import type { Command } from "commander";
import type { Column } from "../output.js";
import { releaseIdOf } from "../resolve.js";
import { type Filter, label, listCommand, showCommand } from "./shared.js";

/** A deployment's columns in a list: which product's release went where, and how it went. */
export const deploymentColumns: Column[] = [
  { header: "started", value: (d) => d.startedAt },
  { header: "release", value: (d) => `${d.productSlug}@${d.releaseName}`, max: 32 },
  { header: "environment", value: (d) => d.environment },
  { header: "status", value: (d) => label(d.status) },
  { header: "external id", value: (d) => d.externalId, max: 24 },
  { header: "id", value: (d) => d.id },
];

/** `--current true`: what runs where, each product's current deployment in each environment. */
export const currentFilter: Filter = {
  flags: "--current <true|false>",
  description: "true: what runs where, each product's current deployment in each environment",
  param: "current",
};

/** `--release web@2.0.0`: one release's deployments, named as `deploy --release` names it (or by id). */
export const releaseFilter: Filter = {
  flags: "--release <product@release>",
  description: "only this release's deployments, e.g. web@2.0.0 (or its id)",
  param: "releaseId",
  resolve: releaseIdOf,
};

/** `loopwork deployment …`: the deployments recorded (record one with `loopwork deploy`). */
export function deploymentCommands(program: Command): void {
  const deployment = program
    .command("deployment")
    .description("Deployments recorded, with their product and release (record one with `loopwork deploy`)");

  listCommand(deployment, {
    path: "deployments",
    plural: "deployments",
    columns: deploymentColumns,
    filters: [
      {
        flags: "--product <slug|id>",
        description: "only this product's deployments",
        param: "productId",
        resolve: "products",
      },
      { flags: "--environment <name>", description: "only deployments to this environment", param: "environment" },
      { flags: "--status <status>", description: "pending, running, success, failed or rolled_back", param: "status" },
      releaseFilter,
      currentFilter,
    ],
  });
  showCommand(deployment, { path: "deployments", noun: "deployment" });
}
