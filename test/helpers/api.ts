import { expect } from "vitest";
import type { Credential, TestApp } from "./app.js";
import { uniqueSlug } from "./factories.js";

/**
 * Calls the API (as the administrator, or as `as` says) and expects the status: 201 for a POST and 200
 * otherwise unless told, so a failing step names itself with its path and the answer.
 */
export async function ok<T = { id: string }>(
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  status?: number,
  as?: Credential,
) {
  const answer = await app.call<T>(method, path, body, {}, as);
  expect({ method, path, status: answer.status, body: answer.body }).toMatchObject({
    status: status ?? (method === "POST" ? 201 : 200),
  });
  return answer.body;
}

/** A loop with an email channel, as the API makes them. */
export async function loopWithChannel(app: TestApp, name = "Core") {
  const loop = await ok<{ id: string; slug: string }>(app, "POST", "/loops", { slug: uniqueSlug("loop"), name });
  const channel = await ok(app, "POST", "/channels", {
    loopId: loop.id,
    slug: uniqueSlug("mail"),
    name: "Support mail",
    kind: "email",
  });
  return { loop, channel };
}

/** A component ("Sync") and a product of the loop built from it ("Web"), as the API makes them. */
export async function productWithComponent(app: TestApp, loopId: string) {
  const component = await ok<{ id: string; slug: string }>(app, "POST", "/components", {
    slug: uniqueSlug("sync"),
    name: "Sync",
  });
  const product = await ok<{ id: string; slug: string }>(app, "POST", "/products", {
    loopId,
    slug: uniqueSlug("web"),
    name: "Web",
    componentIds: [component.id],
  });
  return { component, product };
}

/** A signal on a channel from a person (found or created by email). */
export function signal(app: TestApp, channelId: string, title: string, extra: Record<string, unknown> = {}) {
  return ok(app, "POST", "/signals", {
    channelId,
    contact: { email: `${uniqueSlug("person")}@customer.example`, name: "Carla Customer" },
    title,
    body: `${title}: what the person wrote, in full.`,
    ...extra,
  });
}
