import type { Principal } from "../src/core/access.js";
import type { Db } from "../src/db/connect.js";
import { createToken } from "../src/services/api-tokens.js";
import { createAdmin } from "../src/services/create-user.js";
import { inTransaction } from "../src/services/transaction.js";
import type { JsonClient, ServerProcess } from "./server-process.js";

// Made once, before anything is timed (its password is hashed with scrypt, ~0.1 s).
const admin = {
  email: "bench-admin@loopwork.test",
  name: "Bench administrator",
  // Not the person's own name or email: passwords may not contain them.
  password: "load-runner-password-not-secret",
};

/**
 * An administrator and an admin-scoped API token of theirs, straight in the database (as
 * `loopwork admin create` makes the person; test/helpers/app.ts makeAdmin does the same). For a
 * database the benchmark shares with the web server child: the PostgreSQL server's.
 */
export async function adminTokenInDatabase(db: Db): Promise<string> {
  const user = await createAdmin(db, admin);
  const principal: Principal = {
    userId: String(user.id),
    admin: true,
    roles: {},
    scope: "admin",
    loopId: null,
    actor: `user:${user.id}`,
  };
  const { token } = await inTransaction(db, principal.actor, (tx) =>
    createToken(tx, principal, { name: "bench", scope: "admin" }),
  );
  return token;
}

/**
 * The same for a child whose database the benchmark cannot reach (PGlite inside the child): the
 * administrator is made with the child's first-run setup link (POST /setup/:token, which signs them
 * in), and the session makes the admin-scoped token (POST /tokens with the session's CSRF token).
 */
export async function adminTokenThroughSetup(server: ServerProcess, client: JsonClient): Promise<string> {
  const setup = await client.post<{ csrfToken?: string }>(`/setup/${await server.setupToken()}`, admin);
  const cookie = String(setup.headers["set-cookie"]?.[0] ?? "").split(";")[0];
  if (setup.status !== 200 || !cookie || !setup.body.csrfToken)
    throw new Error(`POST /setup answered ${setup.status}: ${JSON.stringify(setup.body)}`);
  const made = await client.post<{ token?: string }>(
    "/tokens",
    { name: "bench", scope: "admin" },
    { cookie, "x-csrf-token": setup.body.csrfToken },
  );
  if (made.status !== 201 || !made.body.token)
    throw new Error(`POST /tokens answered ${made.status}: ${JSON.stringify(made.body)}`);
  return made.body.token;
}
