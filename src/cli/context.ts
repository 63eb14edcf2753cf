import type { Command } from "commander";
import { AppError } from "../core/errors.js";
import { ApiClient, CliError, UsageError } from "./client.js";
import { Output } from "./output.js";

/** What every command works with: the API client and the output, from the global --url and --json. */
export interface Cli {
  api: ApiClient;
  out: Output;
}

/** The default address of a Loopwork server, when neither --url nor LOOPWORK_URL say otherwise. */
export const defaultUrl = "http://localhost:4400";

/** The client and output for a command, from its own and its ancestors' options. */
export function cliOf(command: Command): Cli {
  const globals = command.optsWithGlobals<{ url?: string; json?: boolean; token?: string }>();
  return { api: new ApiClient(globals.url ?? defaultUrl, globals.token), out: new Output(Boolean(globals.json)) };
}

/**
 * Wraps a command's work as a commander action: gives it the CLI context, its arguments and options,
 * and reports any failure as one line on stderr (`error <code>: <message> (<path>)`) — never a stack.
 */
export function act<O extends object>(run: (cli: Cli, args: string[], options: O) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const command = all.at(-1) as Command;
    const options = all.at(-2) as O;
    const args = all
      .slice(0, -2)
      .flatMap((arg) => (arg === undefined ? [] : Array.isArray(arg) ? arg : [arg])) as string[];
    try {
      await run(cliOf(command), args, options);
    } catch (error) {
      report(error);
    }
  };
}

/** Prints an error as the one line scripts can rely on and sets the exit status (1, or 2 for usage). */
export function report(error: unknown): void {
  if (error instanceof CliError) {
    process.stderr.write(`error ${error.code}: ${error.message}${error.path ? ` (${error.path})` : ""}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  // The commands that work on the database itself (admin create, migrate) meet Loopwork's own errors:
  // their codes are as stable as the API's (data_folder_in_use: the server holds the folder).
  if (error instanceof AppError) {
    const path = error.details.path;
    process.stderr.write(`error ${error.code}: ${error.message}${path ? ` (${path})` : ""}\n`);
    process.exitCode = 1;
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error internal: ${message}\n`);
  if (process.env.LOOPWORK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}

/** The options that must be given, or a usage error naming the first one missing. */
export function need<O extends object>(options: O, ...names: (keyof O & string)[]): void {
  for (const name of names) {
    if (options[name] === undefined) throw new UsageError(`Missing --${kebab(name)} (see --help).`, `--${kebab(name)}`);
  }
}

/** A positive whole number from an option, or a usage error. */
export function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} takes a positive whole number, not "${value}".`, flag);
  return n;
}

/** A score from an option: a number from 0 to 1 or a percent (`or` names what else the flag takes), or a usage error. */
export function score(value: string, flag: string, example: string, or = ""): number {
  // As the workspace and the CLI show scores: "15%" is 0.15. A bare 15 is refused, not guessed at.
  // Decimal only: Number() would also read 0x10, 1e-1 and -0.
  const [, digits, percent] = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value) ?? [];
  const n = digits === undefined ? Number.NaN : Number(digits) / (percent ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    const percentExample = `${Math.round(Number(example) * 100)}%`;
    throw new UsageError(
      `${flag} takes a score from 0 to 1 (e.g. ${example}) or a percent (${percentExample})${or}, not "${value}".`,
      flag,
    );
  }
  return n;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
