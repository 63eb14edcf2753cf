import { hostname } from "node:os";
import { createInterface } from "node:readline";
import { type Command, Option } from "commander";
import { CliError, type Entity, UsageError } from "../client.js";
import { act, type Cli, integer, need } from "../context.js";
import { when } from "../output.js";
import { idOf, isId, userIdOf } from "../resolve.js";
import { listCommand } from "./shared.js";

/** Reads a password: the first line of stdin when piped (scripts), else a prompt that does not echo. */
async function readPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    // Print nothing of what is typed: readline writes the echo through this method.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  const line = await new Promise<string>((resolve) => {
    rl.once("line", resolve);
    rl.once("close", () => resolve(""));
  });
  rl.close();
  if (process.stdin.isTTY) process.stderr.write("\n");
  if (!line) throw new UsageError("No password given (type it, or pipe it on stdin).");
  return line;
}

const scopeOption = () =>
  new Option(
    "--scope <scope>",
    "what the token may do: read, write (as a builder), deploy (pipelines only), admin (all you can)",
  )
    .choices(["read", "write", "deploy", "admin"])
    .default("admin");

/** `loopwork login`, `admin create`, `token …`, `member …`, `user …`: people, roles and API tokens. */
export function accessCommands(program: Command): void {
  program
    .command("login")
    .description("Sign in with email and password and print a new API token for this CLI (export it as LOOPWORK_TOKEN)")
    .option("--email <email>", "your email")
    .addOption(scopeOption())
    .option("--loop <slug|id>", "bind the token to one loop")
    .option("--expires-in-days <n>", "the token stops working after this many days", "90")
    .action(
      act<{ email?: string; scope: string; loop?: string; expiresInDays?: string }>(async (cli, _args, o) => {
        need(o, "email");
        const password = await readPassword("Password: ");
        const signIn = await cli.api.fetch(cli.api.url("/session"), {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ email: o.email, password }),
        });
        const session = (await signIn.json()) as { csrfToken?: string; error?: { code: string; message: string } };
        if (!signIn.ok || !session.csrfToken) {
          throw new CliError(
            session.error?.code ?? `http_${signIn.status}`,
            session.error?.message ?? "Sign-in failed.",
          );
        }
        const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        const headers = { "content-type": "application/json", cookie, "x-csrf-token": session.csrfToken };
        const loopId = o.loop ? await loopIdWithCookie(cli, o.loop, cookie) : undefined;
        const made = await cli.api.fetch(cli.api.url("/tokens"), {
          method: "POST",
          headers,
          body: JSON.stringify({
            name: `loopwork CLI on ${hostname()}`.slice(0, 100),
            scope: o.scope,
            loopId,
            expiresInDays: integer(o.expiresInDays, "--expires-in-days"),
          }),
        });
        const token = (await made.json()) as Entity & { token?: string; error?: { code: string; message: string } };
        // The session was only needed to make the token: end it on the server either way.
        await cli.api.fetch(cli.api.url("/session"), { method: "DELETE", headers });
        if (!made.ok || !token.token) {
          throw new CliError(token.error?.code ?? `http_${made.status}`, token.error?.message ?? "No token was made.");
        }
        cli.out.result(token, () =>
          cli.out.line(
            `Signed in. Your token (shown only now, scope ${o.scope}):`,
            "",
            `  export LOOPWORK_TOKEN=${token.token}`,
          ),
        );
      }),
    );

  const admin = program
    .command("admin")
    .description("Set up the installation (runs on the database, not through a server)");
  admin
    .command("create")
    .description("Make an administrator (reads the password from stdin or a prompt); the first-run link does the same")
    .option("--email <email>", "their email")
    .option("--name <name>", "their name")
    .option("--data <folder>", "the embedded database's folder (stop the server first), default ./.loopwork")
    .option("--token-name <name>", "also make an admin-scoped API token with this name and print it once")
    .action(
      act<{ email?: string; name?: string; data?: string; tokenName?: string }>(async ({ out }, _args, o) => {
        need(o, "email", "name");
        const password = await readPassword("Password (12 characters or more): ");
        const { passwordProblem } = await import("../../core/password-rules.js");
        const problem = await passwordProblem(password, { email: o.email ?? "", name: o.name ?? "" });
        if (problem) throw new CliError("invalid_input", problem);
        const { configFromEnv } = await import("../../config.js");
        const { connect } = await import("../../db/connect.js");
        const { migrate } = await import("../../db/migrate.js");
        const { createAdmin } = await import("../../services/create-user.js");
        const config = configFromEnv();
        const db = await connect({ databaseUrl: config.databaseUrl, dataFolder: o.data ?? config.dataFolder });
        try {
          await migrate(db);
          const user = await createAdmin(db, { email: o.email ?? "", name: o.name ?? "", password });
          let token: string | undefined;
          if (o.tokenName) {
            const { inTransaction } = await import("../../services/transaction.js");
            const { createToken } = await import("../../services/api-tokens.js");
            const principal = {
              userId: user.id,
              admin: true,
              roles: {},
              scope: "admin" as const,
              loopId: null,
              actor: `user:${user.id}`,
            };
            token = (
              await inTransaction(db, principal.actor, (tx) =>
                createToken(tx, principal, { name: o.tokenName ?? "", scope: "admin" }),
              )
            ).token;
          }
          out.result({ user, token }, () => {
            out.line(`${user.name} <${user.email}> is an administrator.`);
            if (token) out.line("Their API token (shown only now):", "", `  export LOOPWORK_TOKEN=${token}`);
          });
        } finally {
          await db.close();
        }
      }),
    );

  const token = program.command("token").description("API tokens for scripts and CI pipelines");
  token
    .command("create")
    .argument("<name>", "what the token is for, e.g. 'deploy pipeline of web'")
    .description("Make a token (shown once); needs an admin-scoped token")
    .addOption(scopeOption())
    .option("--loop <slug|id>", "bind it to one loop")
    .option("--expires-in-days <n>", "it stops working after this many days")
    .action(
      act<{ scope: string; loop?: string; expiresInDays?: string }>(async ({ api, out }, [name], o) => {
        const loopId = o.loop ? await idOf(api, "loops", o.loop, "--loop") : undefined;
        const made = await api.post<Entity & { token: string }>("/tokens", {
          name,
          scope: o.scope,
          loopId,
          expiresInDays: integer(o.expiresInDays, "--expires-in-days"),
        });
        out.result(made, () => out.line(`Token ${made.id} (${o.scope}), shown only now:`, "", `  ${made.token}`));
      }),
    );
  listCommand(token, {
    path: "tokens",
    plural: "tokens",
    whole: true,
    columns: [
      { header: "id", value: (t) => t.id },
      { header: "name", value: (t) => t.name, max: 40 },
      { header: "scope", value: (t) => t.scope },
      { header: "starts", value: (t) => `${t.prefix}…` },
      { header: "revoked", value: (t) => t.revokedAt },
    ],
  });
  token
    .command("revoke")
    .argument("<id>", "the token's id (see token list)")
    .description("Revoke a token at once")
    .action(
      act(async ({ api, out }, [id = ""]) => {
        const revoked = await api.request<Entity>("DELETE", `/tokens/${encodeURIComponent(id)}`);
        out.result(revoked, () => out.line(`Token ${revoked.id} is revoked.`));
      }),
    );

  const member = program.command("member").description("Who has which role (owner, builder, viewer) in a loop");
  member
    .command("set")
    .argument("<loop>", "the loop's slug or id")
    .argument("<user>", "the person's email or id")
    .argument("<role>", "owner, builder or viewer")
    .description("Give a person a role in a loop, or change it")
    .action(
      act(async (cli, [loop = "", user = "", role]) => {
        const loopId = await idOf(cli.api, "loops", loop, "<loop>");
        const userId = await userIdOf(cli.api, user);
        const set = await cli.api.request<Entity>("PUT", `/loops/${loopId}/members/${userId}`, { role });
        cli.out.result(set, () => cli.out.line(`${set.name} is now ${set.role} of ${loop}.`));
      }),
    );
  member
    .command("remove")
    .argument("<loop>", "the loop's slug or id")
    .argument("<user>", "the person's email or id")
    .description("Take a person's role in a loop away")
    .action(
      act(async (cli, [loop = "", user = ""]) => {
        const loopId = await idOf(cli.api, "loops", loop, "<loop>");
        const userId = await userIdOf(cli.api, user);
        const removed = await cli.api.request<Entity>("DELETE", `/loops/${loopId}/members/${userId}`);
        cli.out.result(removed, () => cli.out.line(`${user} has no role in ${loop} any more.`));
      }),
    );
  member
    .command("list")
    .argument("<loop>", "the loop's slug or id")
    .description("The people of a loop and their roles")
    .action(
      act(async ({ api, out }, [loop = ""]) => {
        const loopId = await idOf(api, "loops", loop, "<loop>");
        const page = await api.get<{ items: Entity[] }>(`/loops/${loopId}/members`);
        out.result(page, () =>
          out.table(
            page.items,
            [
              { header: "role", value: (m) => m.role },
              { header: "name", value: (m) => m.name, max: 40 },
              { header: "email", value: (m) => m.email },
            ],
            "Nobody has a role in this loop yet.",
          ),
        );
      }),
    );

  const user = program.command("user").description("People who sign in to Loopwork");
  user
    .command("invite")
    .description("Invite a person (administrators): prints the one-time link where they choose a password")
    .option("--email <email>", "their email")
    .option("--name <name>", "their name")
    .option("--admin", "make them an administrator")
    .action(
      act<{ email?: string; name?: string; admin?: boolean }>(async ({ api, out }, _args, o) => {
        need(o, "email", "name");
        const made = await api.post<{ user: Entity; invitation: { url: string } }>("/users", {
          email: o.email,
          name: o.name,
          admin: o.admin,
        });
        out.result(made, () =>
          out.line(
            `Invited ${made.user.name}. Send them this link (it works once, for 7 days):`,
            "",
            `  ${made.invitation.url}`,
          ),
        );
      }),
    );
  user
    .command("link")
    .argument("<user>", "the person (email or id)")
    .description(
      "A new one-time link where a person chooses a password (a lost password, an expired invitation; administrators)",
    )
    .action(
      act(async ({ api, out }, [ref = ""]) => {
        const userId = await userIdOf(api, ref);
        const link = await api.post<{ url: string; expiresAt: string }>(`/users/${userId}/invitation`);
        out.result(link, () =>
          out.line(
            `A new link for ${ref}: send it to them (it works once, until ${when(link.expiresAt)}):`,
            "",
            `  ${link.url}`,
          ),
        );
      }),
    );
  listCommand(user, {
    path: "users",
    plural: "users",
    columns: [
      { header: "name", value: (u) => u.name, max: 40 },
      { header: "email", value: (u) => u.email },
      { header: "admin", value: (u) => (u.admin ? "yes" : "") },
      { header: "id", value: (u) => u.id },
    ],
  });
}

async function loopIdWithCookie(cli: Cli, ref: string, cookie: string): Promise<string> {
  if (isId(ref)) return ref;
  const response = await cli.api.fetch(cli.api.url("/loops", { slug: ref, limit: 1 }), { headers: { cookie } });
  const page = (await response.json()) as { items?: Entity[] };
  const found = page.items?.[0];
  if (!found) throw new CliError("not_found", `No loop with slug "${ref}".`, "--loop");
  return found.id;
}
