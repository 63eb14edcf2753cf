import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
let folder: string;
beforeAll(async () => {
  app = await startTestApp();
  folder = mkdtempSync(join(tmpdir(), "loopwork-client-"));
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await app?.stop();
});

/** Real answers, each with the operation and status that a generated client would type it by. */
const answers: { operationId: string; status: number; body: unknown }[] = [];
async function call<T = { id: string }>(operationId: string, method: string, path: string, body?: unknown) {
  const answer = await app.call<T>(method, path, body);
  answers.push({ operationId, status: answer.status, body: answer.body });
  return answer.body;
}

/** A small program that assigns each real answer, as a literal, to the generated type of its operation. */
function program(): string {
  const lines = answers.map(
    ({ operationId, status, body }, i) =>
      `export const answer${i}: Answer<"${operationId}", ${status}> = ${JSON.stringify(body)};`,
  );
  return [
    'import type { operations } from "./api.js";',
    'type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;',
    'type Answer<K extends keyof operations, S extends keyof operations[K]["responses"]> = Json<operations[K]["responses"][S]>;',
    ...lines,
    "// The types are not `any`: a wrong answer does not compile.",
    "// @ts-expect-error",
    'export const wrong: Answer<"getPattern", 200> = { id: 1 };',
  ].join("\n");
}

function typecheck(files: string[]): string[] {
  const compiled = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(compiled)
    .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("a client generated from the document (openapi-typescript)", () => {
  it("typechecks against the real answers of the API", { timeout: 120_000 }, async () => {
    const loop = await call("createLoop", "POST", "/loops", { slug: "core", name: "Core" });
    const component = await call("createComponent", "POST", "/components", { slug: "api", name: "API" });
    const product = await call("createProduct", "POST", "/products", {
      loopId: loop.id,
      slug: "web",
      name: "Web",
      componentIds: [component.id],
    });
    const channel = await call("createChannel", "POST", "/channels", {
      loopId: loop.id,
      slug: "hook",
      name: "Hook",
      kind: "webhook",
      config: { webhookSecret: "a-channel-secret-of-32-characters" },
    });
    const pattern = await call("createPattern", "POST", "/patterns", { loopId: loop.id, title: "Slow sync" });
    const signal = await call("createSignal", "POST", "/signals", {
      channelId: channel.id,
      title: "Sync takes minutes",
      contact: { email: "ada@customer.example" },
      raw: { from: "partner", tags: ["sync"] },
      patternIds: [pattern.id],
    });
    await call("createSignals", "POST", "/signals/batch", { signals: [{ channelId: channel.id, title: "Also slow" }] });
    await call("attachSignals", "POST", `/patterns/${pattern.id}/signals`, { signalIds: [signal.id] });
    const improvement = await call("createImprovement", "POST", "/improvements", {
      loopId: loop.id,
      title: "Faster sync",
      patternIds: [pattern.id],
      productIds: [product.id],
    });
    const issue = await call("createIssue", "POST", "/issues", {
      componentId: component.id,
      improvementId: improvement.id,
      title: "Batch the writes",
    });
    const pr = await call("createPullRequest", "POST", "/pull-requests", {
      componentId: component.id,
      title: "Batch writes",
      issueIds: [issue.id],
    });
    await call("updatePullRequest", "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    await call("createVersion", "POST", "/versions", { componentId: component.id, name: "1.0.0" });
    const release = await call("createRelease", "POST", "/releases", { productId: product.id, name: "1.0.0" });
    // A new database has its production environment already.
    await call("getEnvironment", "GET", "/environments/production");
    await call("createDeployment", "POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "success",
    });
    await call("listPatterns", "GET", "/patterns?sort=priority");
    await call("getPattern", "GET", `/patterns/${pattern.id}`);
    await call("getChannel", "GET", `/channels/${channel.id}`);
    await call("listSignals", "GET", "/signals");
    await call("getTrace", "GET", `/trace/signal/${signal.id}`);
    await call("getMetrics", "GET", "/metrics");
    await call("listTimelineEvents", "GET", "/timeline?limit=5");
    await call("listOutbox", "GET", "/outbox");
    await call("getSession", "GET", "/session");
    await call("createToken", "POST", "/tokens", { name: "ci", scope: "deploy" });
    await call("listTokens", "GET", "/tokens");
    await call("listLoopMembers", "GET", `/loops/${loop.id}/members`);
    await call("getHealth", "GET", "/health");
    await call("getPattern", "GET", "/patterns/00000000-0000-7000-8000-000000000000");
    await call("createLoop", "POST", "/loops", { slug: "Not A Slug" });
    // Every step worked, and the last two are errors: a client types those too.
    expect(answers.slice(0, -2).filter((a) => a.status >= 300)).toEqual([]);
    expect(answers.slice(-2).map((a) => a.status)).toEqual([404, 400]);

    const document = (await app.call("GET", "/openapi.json")).body;
    writeFileSync(join(folder, "api.ts"), astToString(await openapiTS(document as never)));
    writeFileSync(join(folder, "use.ts"), program());
    writeFileSync(join(folder, "package.json"), '{ "type": "module" }');
    expect(typecheck([join(folder, "use.ts")])).toEqual([]);
  });
});
