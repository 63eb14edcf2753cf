import { createHash } from "node:crypto";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import { mapPayload, type PayloadMapping, payloadMapping } from "../integrations/webhooks/map-payload.js";
import { UsageError } from "./client.js";

/** One record of an import file and where it is in the file, for reporting. */
export interface ImportRecord {
  /** "line 12" (CSV, JSON Lines) or "item 12" (a JSON array). */
  where: string;
  record: Record<string, unknown>;
}

export type ImportFormat = "csv" | "json" | "jsonl";

/** The format a file is in, from --format or its extension. */
export function formatOf(file: string, given?: string): ImportFormat {
  const format = given ?? { ".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl" }[extname(file)];
  if (format === "csv" || format === "json" || format === "jsonl") return format;
  throw new UsageError(`Say the file's format with --format csv, json or jsonl (not ${given ?? extname(file)}).`);
}

/** The records of a file: CSV with a header row, a JSON array (or {items|signals: [...]}), or JSON Lines. */
export function readRecords(text: string, format: ImportFormat): ImportRecord[] {
  const asObject = (value: unknown, where: string): ImportRecord => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new UsageError(`${where} is not a JSON object.`);
    }
    return { where, record: value as Record<string, unknown> };
  };
  switch (format) {
    case "csv": {
      let rows: { record: Record<string, string>; info: { lines: number } }[];
      try {
        rows = parse(text, { columns: true, info: true, bom: true, skip_empty_lines: true });
      } catch (error) {
        throw new UsageError(`The CSV cannot be read: ${(error as Error).message}`);
      }
      // A record may span lines (a quoted line break): it starts after the one before it ended.
      let ended = 1;
      return rows.map(({ record, info }) => {
        const where = `line ${ended + 1}`;
        ended = info.lines;
        return { where, record };
      });
    }
    case "json": {
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`The JSON cannot be read: ${(error as Error).message}`);
      }
      const list = Array.isArray(document)
        ? document
        : ((document as { items?: unknown; signals?: unknown } | null)?.items ??
          (document as { signals?: unknown } | null)?.signals);
      if (!Array.isArray(list)) throw new UsageError("The JSON is neither an array nor {items: [...]}.");
      return list.map((value, i) => asObject(value, `item ${i + 1}`));
    }
    case "jsonl":
      return text.split(/\r?\n/).flatMap((line, i) => {
        if (line.trim() === "") return [];
        try {
          return [asObject(JSON.parse(line), `line ${i + 1}`)];
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(`line ${i + 1} is not JSON: ${(error as Error).message}`);
        }
      });
    default: {
      const never: never = format;
      throw new UsageError(`unknown format ${never}`);
    }
  }
}

// The names a column of each field usually has in exports of support desks, forums and spreadsheets.
const usualNames: Record<keyof Omit<PayloadMapping, "urgencyValues">, string[]> = {
  title: ["title", "subject", "summary"],
  body: ["body", "description", "text", "message", "content"],
  contactEmail: ["email", "contact_email", "from", "requester_email", "author_email"],
  contactName: ["name", "contact_name", "requester", "author"],
  account: ["account", "company", "organization", "organisation"],
  urgency: ["urgency", "priority", "severity"],
  externalId: ["external_id", "externalid", "id", "ticket_id"],
  threadRef: ["thread_ref", "thread", "url", "link"],
  receivedAt: ["received_at", "receivedat", "created_at", "createdat", "date", "created"],
  productVersion: ["product_version", "productversion", "version"],
};

const pointerTo = (key: string) => `/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;

/**
 * The mapping from a file's columns to a signal's fields: each field found by its usual column names
 * (any case, spaces as underscores), overridden by --map field=Column (or field=/json/pointer).
 */
export function importMapping(columns: string[], overrides: string[] = []): PayloadMapping {
  const normal = (name: string) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
  const mapping: Record<string, string> = {};
  for (const [field, names] of Object.entries(usualNames)) {
    const column = columns.find((c) => names.includes(normal(c)));
    if (column !== undefined) mapping[field] = pointerTo(column);
  }
  for (const override of overrides) {
    const at = override.indexOf("=");
    const field = override.slice(0, at);
    if (at <= 0 || !(field in usualNames)) {
      throw new UsageError(
        `--map takes field=Column with field one of ${Object.keys(usualNames).join(", ")} (not ${override}).`,
        "--map",
      );
    }
    const column = override.slice(at + 1);
    mapping[field] = column.startsWith("/") ? column : pointerTo(column);
  }
  const parsed = payloadMapping.safeParse(mapping);
  if (!parsed.success) {
    throw new UsageError(
      `No column for the signal's title or body among ${columns.join(", ")}: name one with --map title=<column>.`,
      "--map",
    );
  }
  return parsed.data;
}

/**
 * A record as the signal POST /signals/batch takes: its fields where the mapping says, a date written
 * any way Date can read turned into ISO 8601, and — unless the file has ids — an id made from the
 * record's content, so importing the same file again creates nothing twice (an import resumes).
 */
export function signalOf(record: Record<string, unknown>, mapping: PayloadMapping, channelId: string) {
  const signal = mapPayload(mapping, record);
  const when = typeof signal.receivedAt === "string" ? new Date(signal.receivedAt) : undefined;
  if (when && !Number.isNaN(when.getTime())) signal.receivedAt = when.toISOString();
  signal.externalId ??= `import:${createHash("sha256").update(JSON.stringify(record)).digest("base64url").slice(0, 32)}`;
  return { ...signal, channelId };
}
