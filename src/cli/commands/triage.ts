import type { Command } from "commander";
import { percent } from "../../core/percent.js";
import { type ApiClient, CliError, UsageError } from "../client.js";
import { act, integer, score } from "../context.js";
import { count, type Output, when } from "../output.js";
import { idOf } from "../resolve.js";

type Suggestion = { patternId: string; title: string; score: number; reasons: string[]; ruleId?: string | null };
type Suggestions = {
  signalId: string;
  matcherVersion: number;
  embeddings?: { state: string; model: string | null; reason: string | null };
  suggestions: Suggestion[];
};
type Matcher = {
  version: number;
  minScore: number;
  limit: number;
  rules: Record<string, string>[];
  embeddings: {
    enabled: boolean;
    model: string | null;
    url: string | null;
    keySet: boolean;
    timeoutMs: number | null;
    lastSuccessAt: string | null;
    lastFailure: { at: string; reason: string } | null;
  };
};
type Signal = { id: string; title: string; receivedAt: string; patternIds: string[] };

/** Prints a signal's suggestions, numbered from 1: the number `triage attach` takes. */
function printSuggestions(out: Output, found: Suggestions, indent = ""): void {
  // Configured but not answering: the scores below are text only, and the person should know.
  if (found.embeddings?.state === "unavailable") out.line(`${indent}${found.embeddings.reason}`);
  if (found.suggestions.length === 0) {
    out.line(`${indent}(no pattern resembles it)`);
    return;
  }
  found.suggestions.forEach((s, i) => {
    out.line(`${indent}${i + 1}. ${percent(s.score)}  ${s.title}  (${s.patternId})`);
    for (const reason of s.reasons) out.line(`${indent}     ${reason}`);
    // The rule by its id: what `loopwork pattern rule remove` takes.
    if (s.ruleId) out.line(`${indent}     (rule ${s.ruleId})`);
  });
}

async function suggestionsOf(api: ApiClient, signalId: string): Promise<Suggestions> {
  return api.get<Suggestions>(`/signals/${encodeURIComponent(signalId)}/suggestions`);
}

/** `loopwork pattern suggest <signal>` and `loopwork pattern rule add|remove|list`: the matcher from the CLI. */
export function matcherCommands(pattern: Command): void {
  pattern
    .command("suggest")
    .argument("<signalId>", "the signal")
    .description("The patterns a signal most likely belongs to, best first, with a score and why")
    .action(
      act(async ({ api, out }, [signalId = ""]) => {
        const found = await suggestionsOf(api, signalId);
        out.result(found, () => printSuggestions(out, found));
      }),
    );
  const rule = pattern
    .command("rule")
    .description("Fingerprint rules: a regex or error code → a pattern, before any scoring");
  rule
    .command("add")
    .description("Add a fingerprint rule (a new matcher version: signals already filed stay where they are)")
    .requiredOption("--pattern <id>", "the pattern it files signals to")
    .requiredOption("--kind <kind>", "regex or error_code")
    .requiredOption("--expression <text>", "the regular expression (case-insensitive) or the error code")
    .option("--field <field>", "where to look: title, body, channel (its slug) or any", "any")
    .action(
      act<{ pattern: string; kind: string; expression: string; field: string }>(async ({ api, out }, _args, o) => {
        const config = await api.post<{ version: number }>("/matcher/rules", {
          patternId: o.pattern,
          kind: o.kind,
          expression: o.expression,
          field: o.field,
        });
        out.result(config, () => out.line(`Added; the matcher is at version ${config.version}.`));
      }),
    );
  rule
    .command("remove")
    .argument("<ruleId>", "the rule")
    .description("Remove a fingerprint rule (a new matcher version)")
    .action(
      act(async ({ api, out }, [ruleId = ""]) => {
        const config = await api.request<{ version: number }>("DELETE", `/matcher/rules/${encodeURIComponent(ruleId)}`);
        out.result(config, () => out.line(`Removed; the matcher is at version ${config.version}.`));
      }),
    );
  rule
    .command("list")
    .description("The matcher's version in force and its fingerprint rules")
    .action(
      act(async ({ api, out }) => {
        const config = await api.get<{ version: number; rules: Record<string, string>[] }>("/matcher");
        // Each rule's pattern by its title (rules are few: one request per pattern, only for the table).
        const titles = new Map<string, string>();
        if (!out.json) {
          const ids = [...new Set(config.rules.map((r) => r.patternId ?? ""))];
          const patterns = await Promise.all(
            ids.map((id) => api.get<{ title: string }>(`/patterns/${encodeURIComponent(id)}`).catch(() => undefined)),
          );
          ids.forEach((id, i) => {
            const title = patterns[i]?.title;
            if (title) titles.set(id, title);
          });
        }
        out.result(config, () => {
          out.line(`Matcher version ${config.version}.`);
          out.table(
            config.rules,
            [
              { header: "kind", value: (r) => r.kind },
              { header: "field", value: (r) => r.field },
              { header: "expression", value: (r) => r.expression, max: 40 },
              { header: "pattern", value: (r) => titles.get(r.patternId ?? "") ?? "", max: 40 },
              { header: "pattern id", value: (r) => r.patternId },
              { header: "id", value: (r) => r.id },
            ],
            "No fingerprint rules.",
          );
        });
      }),
    );
}

/** `loopwork matcher`: the matcher's version, thresholds, rules and whether embeddings are on (never the key). */
export function matcherCommand(program: Command): void {
  const matcher = program
    .command("matcher")
    .description("The matcher in force: its version, fingerprint rules and embeddings provider (on or off)")
    .action(
      act(async ({ api, out }) => {
        const matcher = await api.get<Matcher>("/matcher");
        out.result(matcher, () => {
          const rules = matcher.rules.length === 1 ? "1 fingerprint rule" : `${matcher.rules.length} fingerprint rules`;
          out.line(
            `Matcher version ${matcher.version}: ${rules}; suggestions from ${percent(matcher.minScore)}, at most ${matcher.limit}.`,
          );
          out.line(embeddingsLine(matcher.embeddings));
          const { lastSuccessAt, lastFailure } = matcher.embeddings;
          if (lastSuccessAt) out.line(`  Last answer: ${when(lastSuccessAt)}.`);
          if (lastFailure) out.line(`  Last failure: ${when(lastFailure.at)}: ${lastFailure.reason}.`);
          out.line("Rules: loopwork pattern rule list");
        });
      }),
    );
  matcher
    .command("set")
    .description("Change which suggestions are shown, for every loop (administrators): a new matcher version")
    .option("--min-score <score>", "show suggestions from this score, 0 to 1 (e.g. 0.1)")
    .option("--limit <n>", "show at most this many suggestions, 1 to 20")
    .action(
      act<{ minScore?: string; limit?: string }>(async ({ api, out }, _args, o) => {
        if (o.minScore === undefined && o.limit === undefined)
          throw new UsageError("Nothing to set: give --min-score, --limit or both.", "--min-score");
        const minScore = o.minScore === undefined ? undefined : score(o.minScore, "--min-score", "0.1");
        const limit = integer(o.limit, "--limit");
        if (limit !== undefined && limit > 20) throw new UsageError(`--limit is 1 to 20, not ${limit}.`, "--limit");
        const before = await api.get<Matcher>("/matcher");
        const after = await api.patch<Matcher>("/matcher", { minScore, limit });
        out.result(after, () =>
          out.line(
            after.version === before.version
              ? `Nothing changed; the matcher stays at version ${after.version}.`
              : `Matcher version ${after.version}: suggestions from ${percent(after.minScore)}, at most ${after.limit}.`,
          ),
        );
      }),
    );
}

/** One line on the embeddings provider, as `loopwork matcher` prints it. */
function embeddingsLine(e: Matcher["embeddings"]): string {
  if (!e.enabled) {
    return "Embeddings: off (text only). Set LOOPWORK_EMBEDDINGS_URL and LOOPWORK_EMBEDDINGS_MODEL on the server to use a provider.";
  }
  return `Embeddings: on, model ${e.model} at ${e.url} (${e.keySet ? "a key is set" : "no key"}), waiting at most ${e.timeoutMs} ms.`;
}

/** `loopwork triage`: the signals attached to no pattern, each with its suggestions; `triage attach` files one by number. */
export function triageCommand(program: Command): void {
  const triage = program
    .command("triage")
    .description("The triage queue: signals attached to no pattern, newest first, with suggested patterns")
    .option("--channel <slug|id>", "only this channel's signals")
    .option("--limit <n>", "how many signals (at most 50)", "10")
    .action(
      act<{ channel?: string; limit: string }>(async ({ api, out }, _args, o) => {
        const limit = integer(o.limit, "--limit") ?? 10;
        if (limit > 50)
          throw new UsageError("--limit is at most 50 here (each signal is one more request).", "--limit");
        const channelId = o.channel === undefined ? undefined : await idOf(api, "channels", o.channel, "--channel");
        const page = await api.list<Signal>("/signals", { attached: "false", channelId, limit });
        const items: (Suggestions & { signal: Signal })[] = [];
        for (const signal of page.items) items.push({ signal, ...(await suggestionsOf(api, signal.id)) });
        out.result({ items }, () => {
          if (items.length === 0) return out.line("Nothing to triage.");
          for (const item of items) {
            out.line(`${when(item.signal.receivedAt)}  ${item.signal.title}  (${item.signal.id})`);
            printSuggestions(out, item, "  ");
          }
          out.line("Attach one: loopwork triage attach <signalId> <number>");
        });
      }),
    );
  triage
    .command("attach")
    .argument("<signalId>", "the signal")
    .argument("<number>", "the suggestion's number as `loopwork triage` printed it")
    .description("Attach a signal to its suggested pattern of this number")
    .action(
      act(async ({ api, out }, [signalId = "", number = ""]) => {
        const n = integer(number, "<number>") ?? 1;
        // Numbers name the queue's suggestions: once the signal is filed they shift (its pattern is no
        // longer suggested), so the same command again would file it somewhere else.
        const signal = await api.get<Signal>(`/signals/${encodeURIComponent(signalId)}`);
        if (signal.patternIds.length > 0) {
          throw new CliError(
            "conflict",
            `The signal is attached already (to ${signal.patternIds.join(", ")}): to add a pattern, loopwork pattern attach <pattern> ${signalId}.`,
          );
        }
        const found = await suggestionsOf(api, signalId);
        const chosen = found.suggestions[n - 1];
        if (!chosen)
          throw new UsageError(
            found.suggestions.length === 0
              ? "No pattern resembles the signal: attach it with loopwork pattern attach, or see the new patterns proposed: loopwork proposals."
              : `The signal has ${count(found.suggestions.length, "suggestion")}; choose 1 to ${found.suggestions.length}.`,
            "<number>",
          );
        const result = await api.post(`/patterns/${chosen.patternId}/signals`, {
          signalIds: [signalId],
          score: chosen.score,
        });
        out.result(result, () => out.line(`Attached to “${chosen.title}” (${chosen.patternId}).`));
      }),
    );
}
