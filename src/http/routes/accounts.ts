import type { FastifyReply } from "fastify";
import { z } from "zod";
import { roles, scopes } from "../../core/access.js";
import { AppError } from "../../core/errors.js";
import { escapeHtml } from "../../core/html.js";
import { uuid } from "../../core/uuid.js";
import { createToken, listTokens, revokeToken } from "../../services/api-tokens.js";
import { createUser } from "../../services/create-user.js";
import { listMembers, removeMembership, setMembership } from "../../services/memberships.js";
import {
  acceptInvitation,
  completeSetup,
  createInvitation,
  linkUsed,
  linkWorks,
} from "../../services/one-time-links.js";
import { resources } from "../../services/resources.js";
import { type NewSession, signIn, signOut } from "../../services/sign-in.js";
import { inTransaction } from "../../services/transaction.js";
import { routeAnswers as answers } from "../answers.js";
import { clearSessionCookie, setSessionCookie } from "../authenticate.js";
import { requireRole } from "../authorize.js";
import { page } from "../page.js";
import { type AppContext, type Route, type RouteInput, route } from "../route.js";
import { noStore } from "../security-headers.js";

const password = () => z.string().min(12, "Use at least 12 characters.").max(200);
const email = () => z.email().max(320);
const linkToken = z.object({ token: z.string().min(1).max(200) });
const member = z.object({ id: uuid(), userId: uuid() });

/** Signs the browser in: the cookie holds the session, the answer its CSRF token. Pages get a page. */
function signedIn(session: NewSession, input: RouteInput<unknown, unknown, unknown>, app: AppContext, first = false) {
  noStore(input.reply);
  setSessionCookie(input.reply, session.token, app.config.publicUrl.startsWith("https:"), app.config.sessionMaxAgeMs);
  if (input.request.headers.accept?.includes("text/html")) {
    return input.reply.type("text/html; charset=utf-8").send(welcomePage(session.user, app.config.publicUrl, first));
  }
  return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** After a setup or invitation form: what to do next, since the CLI (not this browser) drives Loopwork. */
function welcomePage(user: { name: string; email: string }, publicUrl: string, first: boolean): string {
  const url = publicUrl === "http://localhost:4400" ? "" : ` --url ${publicUrl}`;
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  const steps = [
    `In a terminal, sign the CLI in: ${code(`npx loopwork login --email ${user.email}${url}`)}. It asks your password and prints ${code("export LOOPWORK_TOKEN=…")}: run that line.`,
    ...(first ? [`Load an example loop to explore: ${code("npm run demo")} (in the Loopwork folder).`] : []),
    `Read the API and try it at <a href="/docs">/docs</a>.`,
  ];
  return page(
    "Signed in",
    `<h1>Welcome, ${escapeHtml(user.name)}</h1><p>${first ? "You are the first administrator, and" : "You are"} signed in in this browser.</p>` +
      `<h2>Next</h2><ol>${steps.map((step) => `<li>${step}</li>`).join("")}</ol>`,
    "code{background:#f3f3f3;padding:0 .2rem}",
  );
}

const passwordForm = (title: string, fields: string) =>
  page(
    title,
    `<h1>${title}</h1><form method="post">${fields}<label>Password (12 characters or more)<br><input name="password" type="password" minlength="12" required></label><p><button type="submit">${title}</button></p></form>`,
  );

const setupFields =
  '<p><label>Email<br><input name="email" type="email" required></label></p><p><label>Name<br><input name="name" required></label></p>';

/**
 * The page a one-time link opens: while the link works, the workspace's page for it when the workspace is
 * served (same look as sign-in), else the server's own form. Once it does not, 410 link_expired: a page
 * to a browser, the JSON error to a program (the error handler decides, as for every page route).
 */
function linkPage(reply: FastifyReply, works: boolean, title: string, fields: string, workspacePage?: string) {
  if (!works) throw linkUsed();
  if (workspacePage) return reply.redirect(workspacePage);
  return reply.code(200).type("text/html; charset=utf-8").send(passwordForm(title, fields));
}

/** Sign-in and sign-out, the first administrator, invitations, people, roles per loop and API tokens. */
export function accountRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/session",
      summary: "Sign in with email and password: sets an HttpOnly session cookie and answers its CSRF token",
      tag: "session",
      access: "public",
      guessable: true,
      operationId: "signIn",
      response: answers.newSession,
      media: ["text/html"],
      errors: [401],
      body: z.strictObject({ email: email(), password: z.string().min(1).max(200) }),
      handler: async (input, app) => {
        const { body, request } = input;
        const session = await signIn(app.db, body.email, body.password, request.ip, app.config.sessionMaxAgeMs);
        return signedIn(session, input, app);
      },
    }),
    route({
      method: "GET",
      url: "/session",
      summary: "Who is signed in: the person, their roles per loop, the token's scope, the session's CSRF token",
      tag: "session",
      access: "signed_in",
      operationId: "getSession",
      response: answers.session,
      handler: async ({ principal, reply }, { db }) => {
        noStore(reply);
        const [user] = await db.query("select id, email, name, admin from users where id = $1", [principal?.userId]);
        const [session] = principal?.sessionId
          ? await db.query<{ csrf_token: string }>("select csrf_token from sessions where id = $1", [
              principal.sessionId,
            ])
          : [];
        return {
          user,
          roles: principal?.roles,
          scope: principal?.scope,
          loopId: principal?.loopId,
          csrfToken: session?.csrf_token ?? null,
        };
      },
    }),
    route({
      method: "DELETE",
      url: "/session",
      summary: "Sign out: ends the session on the server and clears the cookie",
      tag: "session",
      access: "signed_in",
      operationId: "signOut",
      response: answers.signedOut,
      handler: async ({ principal, actor, reply }, { db }) => {
        if (!principal?.sessionId) {
          throw new AppError("invalid_input", "A token is not a session: revoke it with DELETE /tokens/:id instead.");
        }
        const sessionId = principal.sessionId;
        await inTransaction(db, actor, (tx) => signOut(tx, sessionId, principal.userId));
        clearSessionCookie(reply);
        return { signedOut: true };
      },
    }),
    route({
      method: "GET",
      url: "/setup/:token",
      page: true,
      summary: "The first-run page (its link is printed at the first start): make the first administrator",
      tag: "session",
      access: "public",
      params: linkToken,
      raw: true,
      operationId: "getSetupPage",
      redirect:
        "While the link works and the web role serves the workspace: to its page for the link, /app/setup/<token>",
      media: ["text/html"],
      handler: async ({ params, reply }, { db, config }) =>
        linkPage(
          reply,
          await linkWorks(db, params.token, "setup"),
          "Create the first administrator",
          setupFields,
          config.workspaceFolder && `/app/setup/${encodeURIComponent(params.token)}`,
        ),
    }),
    route({
      method: "POST",
      form: true,
      url: "/setup/:token",
      page: true,
      summary: "Use the first-run link once: creates the first administrator and signs them in",
      tag: "session",
      access: "public",
      guessable: true,
      params: linkToken,
      operationId: "completeSetup",
      response: answers.newSession,
      media: ["text/html"],
      body: z.strictObject({ email: email(), name: z.string().trim().min(1).max(200), password: password() }),
      handler: async (input, app) =>
        signedIn(
          await completeSetup(app.db, input.params.token, input.body, app.config.sessionMaxAgeMs),
          input,
          app,
          true,
        ),
    }),
    route({
      method: "GET",
      url: "/invitations/:token",
      page: true,
      summary: "The page an invitation link opens: choose a password",
      tag: "session",
      access: "public",
      params: linkToken,
      raw: true,
      operationId: "getInvitationPage",
      redirect:
        "While the link works and the web role serves the workspace: to its page for it, /app/invitations/<token>",
      media: ["text/html"],
      handler: async ({ params, reply }, { db, config }) =>
        linkPage(
          reply,
          await linkWorks(db, params.token, "invitation"),
          "Choose your password",
          "",
          config.workspaceFolder && `/app/invitations/${encodeURIComponent(params.token)}`,
        ),
    }),
    route({
      method: "POST",
      form: true,
      url: "/invitations/:token",
      page: true,
      summary: "Use an invitation once: sets the person's password and signs them in",
      tag: "session",
      access: "public",
      guessable: true,
      params: linkToken,
      operationId: "acceptInvitation",
      response: answers.newSession,
      media: ["text/html"],
      body: z.strictObject({ password: password() }),
      handler: async (input, app) =>
        signedIn(
          await acceptInvitation(app.db, input.params.token, input.body.password, app.config.sessionMaxAgeMs),
          input,
          app,
        ),
    }),
    route({
      method: "POST",
      url: "/users",
      summary: "Invite a person: answers the user and a one-time link (shown only now) where they choose a password",
      tag: "users",
      access: "admin",
      body: resources.user.create,
      status: 201,
      operationId: "createUser",
      response: answers.invitedUser,
      handler: async ({ body, actor, reply }, { db, config }) => {
        noStore(reply);
        const { user, invitation } = await inTransaction(db, actor, (tx) =>
          createUser(tx, body as { email: string; name: string; admin?: boolean }),
        );
        return {
          user,
          invitation: { url: `${config.publicUrl}/invitations/${invitation.token}`, expiresAt: invitation.expiresAt },
        };
      },
    }),
    route({
      method: "POST",
      url: "/users/:id/invitation",
      summary: "A new one-time link for a person to choose a password (a lost password, an expired invitation)",
      tag: "users",
      access: "admin",
      params: z.object({ id: uuid() }),
      status: 201,
      operationId: "createInvitation",
      response: answers.oneTimeLink,
      handler: async ({ params, actor, reply }, { db, config }) => {
        noStore(reply);
        const invitation = await inTransaction(db, actor, async (tx) => {
          const [user] = await tx.query("select 1 from users where id = $1", [params.id]);
          if (!user) throw new AppError("not_found", `No user with id ${params.id}.`, { path: "params.id" });
          tx.record({ entityType: "user", entityId: params.id, verb: "invited" });
          return createInvitation(tx, params.id);
        });
        return { url: `${config.publicUrl}/invitations/${invitation.token}`, expiresAt: invitation.expiresAt };
      },
    }),
    route({
      method: "GET",
      url: "/loops/:id/members",
      summary: "The people of a loop and their roles",
      tag: "loops",
      access: "read",
      operationId: "listLoopMembers",
      response: answers.members,
      params: z.object({ id: uuid() }),
      authorize: async ({ params, principal }) => {
        if (principal.loopId && principal.loopId !== params.id) throw notALoop(params.id);
      },
      handler: async ({ params }, { db }) => listMembers(db, params.id),
    }),
    route({
      method: "PUT",
      url: "/loops/:id/members/:userId",
      summary: "Give a person a role in a loop (owner, builder or viewer), or change it",
      tag: "loops",
      access: "manage",
      operationId: "setLoopMember",
      response: answers.member,
      params: member,
      body: z.strictObject({ role: z.enum(roles as [string, ...string[]]) }),
      authorize: async ({ params, principal }) =>
        requireRole(principal, [params.id], "owner", () => notALoop(params.id)),
      handler: async ({ params, body, actor }, { db }) =>
        inTransaction(db, actor, (tx) =>
          setMembership(tx, params.id, params.userId, body.role as (typeof roles)[number]),
        ),
    }),
    route({
      method: "DELETE",
      url: "/loops/:id/members/:userId",
      summary: "Take a person's role in a loop away",
      tag: "loops",
      access: "manage",
      operationId: "removeLoopMember",
      response: answers.removed,
      params: member,
      authorize: async ({ params, principal }) =>
        requireRole(principal, [params.id], "owner", () => notALoop(params.id)),
      handler: async ({ params, actor }, { db }) => {
        await inTransaction(db, actor, (tx) => removeMembership(tx, params.id, params.userId));
        return { removed: true };
      },
    }),
    route({
      method: "GET",
      url: "/tokens",
      summary: "API tokens you may see: your own; an owner's also those of their loops; an administrator's all",
      tag: "tokens",
      access: "signed_in",
      operationId: "listTokens",
      response: answers.tokens,
      handler: async ({ principal }, { db }) => (principal ? listTokens(db, principal) : { items: [] }),
    }),
    route({
      method: "POST",
      url: "/tokens",
      summary:
        "Make an API token (shown once): scope read, write, deploy or admin; optionally bound to one loop; optionally expiring",
      tag: "tokens",
      access: "signed_in",
      operationId: "createToken",
      response: answers.newToken,
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        scope: z.enum(scopes as [string, ...string[]]),
        loopId: uuid().nullable().optional(),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
      }),
      status: 201,
      handler: async ({ body, principal, actor, reply }, { db }) => {
        if (!principal) throw new AppError("unauthenticated", "Sign in first.");
        noStore(reply);
        return inTransaction(db, actor, (tx) => createToken(tx, principal, body as Parameters<typeof createToken>[2]));
      },
    }),
    route({
      method: "DELETE",
      url: "/tokens/:id",
      summary: "Revoke an API token at once",
      tag: "tokens",
      access: "signed_in",
      operationId: "revokeToken",
      response: answers.token,
      params: z.object({ id: uuid() }),
      handler: async ({ params, principal, actor }, { db }) => {
        if (!principal) throw new AppError("unauthenticated", "Sign in first.");
        return inTransaction(db, actor, (tx) => revokeToken(tx, principal, params.id));
      },
    }),
  ];
}

const notALoop = (id: string) => new AppError("not_found", `No loop with id ${id}.`, { path: "params.id" });
