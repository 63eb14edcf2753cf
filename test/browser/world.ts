import { expect } from "vitest";
import type { TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";

/** Calls the API as the administrator and expects the status (201 for POST unless told). */
export async function ok<T = { id: string }>(
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  status?: number,
) {
  const answer = await app.call<T>(method, path, body);
  expect({ path, status: answer.status, body: answer.body }).toMatchObject({
    status: status ?? (method === "POST" ? 201 : 200),
  });
  return answer.body;
}

/** A loop with an email channel, as the API makes them. */
export async function loopWithChannel(app: TestApp, name = "Core") {
  const loop = await ok(app, "POST", "/loops", { slug: uniqueSlug("loop"), name });
  const channel = await ok(app, "POST", "/channels", {
    loopId: loop.id,
    slug: uniqueSlug("mail"),
    name: "Support mail",
    kind: "email",
  });
  return { loop, channel };
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

/**
 * A person invited by the administrator who chose a password, with a role in a loop: signs in with
 * their email and "a long enough password".
 */
export async function member(app: TestApp, loopId: string, role: "owner" | "builder" | "viewer") {
  const email = `${uniqueSlug(role)}@loopwork.test`;
  const invited = await ok<{ user: { id: string }; invitation: { url: string } }>(app, "POST", "/users", {
    email,
    name: `A ${role}`,
  });
  const token = invited.invitation.url.split("/invitations/")[1];
  const accepted = await fetch(`${app.url}/invitations/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: "a long enough password" }),
  });
  expect(accepted.status).toBe(200);
  await ok(app, "PUT", `/loops/${loopId}/members/${invited.user.id}`, { role });
  return { email, password: "a long enough password", id: invited.user.id };
}
