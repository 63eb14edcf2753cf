import { expect } from "vitest";
import { ok } from "../helpers/api.js";
import type { TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";

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
