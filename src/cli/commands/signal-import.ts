import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError, UsageError } from "../client.js";
import { act, integer, need } from "../context.js";
import type { ImportRecord } from "../import-records.js";
import type { Output } from "../output.js";
import { idOf } from "../resolve.js";

interface ImportOptions {
  channel?: string;
  format?: string;
  map?: string[];
  dryRun?: boolean;
  batch?: string;
}

interface Counts {
  rows: number;
  new: number;
  duplicates: number;
  newContacts: number;
  invalid: { where: string; problem: string }[];
}

/** `loopwork signal import <file>`: historical signals from a CSV, JSON or JSON Lines export. */
export function signalImportCommand(signal: Command): void {
  signal
    .command("import")
    .argument("<file>", "a CSV file with a header row, a JSON array, or JSON Lines (.jsonl)")
    .description(
      "Import historical signals into a channel; --dry-run says what it would create. Run it again to resume: what was imported is not imported twice",
    )
    .option("--channel <channel>", "the channel they came through (slug or id)")
    .option("--format <format>", "csv, json or jsonl (default: from the file's extension)")
    .option("--map <field=column...>", "where a field is, e.g. title=Subject body=Description contactEmail=Requester")
    .option("--dry-run", "check every row and say what would be created, writing nothing")
    .option("--batch <n>", "signals per request (1-1000)", "500")
    .addHelpText(
      "after",
      "\nColumns are found by their usual names (title/subject, body/description, email, name, account, priority,\n" +
        "id, created_at …); --map names the others. Example:\n" +
        "  loopwork signal import tickets.csv --channel support-email --map title=Subject contactEmail='Requester email' --dry-run",
    )
    .action(
      act<ImportOptions>(async ({ api, out }, [file = ""], o) => {
        need(o, "channel");
        const size = integer(o.batch, "--batch") ?? 500;
        // Loaded when an import runs: its parsers (csv-parse, zod) are a fifth of every other command's start.
        const { formatOf, importMapping, readRecords, signalOf } = await import("../import-records.js");
        const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`Cannot read the file ${file} (${error.code ?? error.message}).`, "<file>");
        });
        const records = readRecords(text, formatOf(file, o.format));
        const columns = [...new Set(records.flatMap((r) => Object.keys(r.record)))];
        const mapping = importMapping(columns, o.map);
        const channelId = await idOf(api, "channels", o.channel ?? "", "--channel");
        const { signalInput } = await import("../../services/create-signals.js");
        const counts: Counts = { rows: records.length, new: 0, duplicates: 0, newContacts: 0, invalid: [] };
        const valid: { record: ImportRecord; signal: unknown }[] = [];
        for (const record of records) {
          const parsed = signalInput.safeParse(signalOf(record.record, mapping, channelId));
          if (parsed.success) valid.push({ record, signal: parsed.data });
          else {
            const issue = parsed.error.issues[0];
            counts.invalid.push({ where: record.where, problem: `${issue?.path.join(".")}: ${issue?.message}` });
          }
        }
        for (let start = 0; start < valid.length; start += Math.min(Math.max(size, 1), 1000)) {
          const rows = valid.slice(start, start + Math.min(Math.max(size, 1), 1000));
          const batch = rows.map((v) => v.signal);
          const check = await withPatience(out, () =>
            api.post<{ new: number; duplicates: number; newContacts: number }>("/signals/batch/check", {
              signals: batch,
            }),
          ).catch((error: unknown) => {
            throw atRow(error, rows);
          });
          counts.duplicates += check.duplicates;
          counts.new += check.new;
          counts.newContacts += check.newContacts;
          if (!o.dryRun && check.new > 0) {
            await withPatience(out, () => api.post("/signals/batch", { signals: batch })).catch((error: unknown) => {
              throw atRow(error, rows);
            });
          }
          const done = start + batch.length;
          if (!out.json) {
            process.stderr.write(
              `${o.dryRun ? "checked" : "imported"} ${done} of ${valid.length} signals (${Math.round((100 * done) / valid.length)}%)\n`,
            );
          }
        }
        report(out, file, counts, Boolean(o.dryRun));
      }),
    );
}

/**
 * A batch's error as the file's: `body.signals.3.externalId` is the fourth row of this batch, which the
 * person finds by its line ("line 9: …"), not by where it sat in a request they never saw.
 */
function atRow(error: unknown, rows: { record: ImportRecord }[]): unknown {
  if (!(error instanceof CliError) || error instanceof UsageError) return error;
  const [, index, field] = /^body\.signals\.(\d+)(?:\.(.+))?$/.exec(error.path ?? "") ?? [];
  const row = index === undefined ? undefined : rows[Number(index)];
  if (!row) return error;
  return new CliError(error.code, `${row.record.where}: ${error.message}`, field, error.retryAfterSeconds);
}

/** Runs a request, waiting as long as the server says when it answers rate_limited (a large import). */
async function withPatience<T>(out: Output, request: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof CliError) || error.code !== "rate_limited") throw error;
      const seconds = error.retryAfterSeconds ?? 5;
      if (!out.json) process.stderr.write(`the server asks to slow down: waiting ${seconds} s\n`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

function report(out: Output, file: string, counts: Counts, dryRun: boolean): void {
  out.result({ file, dryRun, ...counts }, () => {
    const n = (value: number) => value.toLocaleString("en");
    out.line(
      `${dryRun ? "Dry run of" : "Imported"} ${file}: ${n(counts.rows)} rows`,
      `  ${dryRun ? "would create" : "created"}  ${n(counts.new)} signals`,
      `  already there ${n(counts.duplicates)} (imported before: running it again resumes, never doubles)`,
      `  new contacts  ${n(counts.newContacts)}`,
      `  invalid rows  ${n(counts.invalid.length)}${counts.invalid.length ? " (not imported):" : ""}`,
      ...counts.invalid.slice(0, 20).map((i) => `    ${i.where}: ${i.problem}`),
      ...(counts.invalid.length > 20
        ? [`    … and ${n(counts.invalid.length - 20)} more (--json lists them all)`]
        : []),
    );
  });
}
