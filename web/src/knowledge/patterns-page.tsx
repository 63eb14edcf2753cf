import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useChannels, useProducts } from "../api/catalog";
import { setCurrentLoop, useCurrentLoop, useLoops } from "../shell/current-loop";
import { useShortcuts } from "../shell/shortcuts";
import { StatusBadge, When } from "../ui/entity";
import { countOf, perDay } from "../ui/format";
import { Sparkline } from "../ui/sparkline";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import "./knowledge.css";
import { priorityBreakdown, short } from "./priority-breakdown";
import { PriorityWhy } from "./priority-why";
import { patternFilters, searchWords } from "./routes";
import { type PatternFilters, type RankedPattern, trendSignals, usePatternRanking } from "./use-knowledge";

const rowHeight = 76;
const trendDays = 28;

/** Patterns ranked by priority, with filters, the priority's breakdown and a trend line: the knowledge base. */
export function PatternsPage() {
  const search = patternFilters(useSearch({ strict: false }));
  const currentLoop = useCurrentLoop();
  // The loop switcher's loop unless the link names one ("all" in the URL is no loopId at all).
  const filters: PatternFilters = { ...search, loopId: search.loopId ?? currentLoop ?? undefined };
  const navigate = useNavigate();
  const ranking = usePatternRanking(filters);
  const patterns = useMemo(() => ranking.data?.pages.flatMap((page) => page.items) ?? [], [ranking.data]);
  const setFilter = useCallback(
    (change: Partial<PatternFilters>) =>
      navigate({
        to: "/patterns",
        search: (previous) => patternFilters({ ...previous, ...change }),
        replace: true,
      }),
    [navigate],
  );
  return (
    <section className="knowledge">
      <PageHeader title="Knowledge base" />
      <Filters filters={filters} onChange={setFilter} />
      {filters.q && <p className="muted">The best matches for the words, best first.</p>}
      {ranking.isPending ? (
        <Loading what="Ranking patterns" />
      ) : ranking.isError ? (
        <ErrorNote error={ranking.error} />
      ) : patterns.length === 0 ? (
        <p className="muted">No pattern matches these filters.</p>
      ) : (
        <Ranking
          patterns={patterns}
          byMatch={Boolean(filters.q)}
          more={ranking.hasNextPage}
          loadMore={() => {
            if (!ranking.isFetchingNextPage) ranking.fetchNextPage();
          }}
        />
      )}
    </section>
  );
}

function Filters({ filters, onChange }: { filters: PatternFilters; onChange: (f: Partial<PatternFilters>) => void }) {
  const loops = useLoops().data ?? [];
  const channels = [...(useChannels().data?.values() ?? [])];
  const products = [...(useProducts().data?.values() ?? [])];
  const pick = (value: string) => (value === "" ? undefined : value);
  const [words, setWords] = useState(filters.q ?? "");
  // The URL (and so the request) follows the typing at once — a filter answers in one round trip, not
  // after a pause; React defers it behind the keystroke, and a request overtaken by the next is aborted
  // (the query passes its signal). The list keeps showing the last answer meanwhile.
  const typed = useDeferredValue(words);
  // The words this box put in the URL, not there yet: any other words came from a link (the navigation's
  // Knowledge base, a deep link), and the box shows them rather than putting its own back.
  const pending = useRef<(string | undefined)[]>([]);
  const shown = useRef(filters.q);
  useEffect(() => {
    if (filters.q !== shown.current) {
      shown.current = filters.q;
      const at = pending.current.indexOf(filters.q);
      pending.current = at === -1 ? [] : pending.current.slice(at + 1);
      if (at === -1) {
        setWords(filters.q ?? "");
        return;
      }
    }
    // Compared as the URL keeps them (cut to the API's length), or words past it would navigate forever.
    const q = searchWords(typed);
    if (q === filters.q || (pending.current.length > 0 && q === pending.current.at(-1))) return;
    pending.current.push(q);
    onChange({ q });
  }, [typed, filters.q, onChange]);
  return (
    <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Search
        <input
          type="search"
          value={words}
          placeholder="Words in a title or description"
          onChange={(e) => setWords(e.target.value)}
        />
      </label>
      <label>
        Loop
        <select
          value={filters.loopId ?? ""}
          onChange={(e) => {
            // The same loop as the switcher's: choosing here switches the workspace's loop.
            setCurrentLoop(pick(e.target.value) ?? null);
            onChange({ loopId: undefined });
          }}
        >
          <option value="">All loops</option>
          {loops.map((loop) => (
            <option key={loop.id} value={loop.id}>
              {loop.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          value={filters.status ?? ""}
          onChange={(e) => onChange({ status: pick(e.target.value) as PatternFilters["status"] })}
        >
          <option value="">Any status</option>
          <option value="open">Open</option>
          <option value="addressed">Addressed</option>
          <option value="dismissed">Dismissed</option>
        </select>
      </label>
      <label>
        Channel
        <select value={filters.channelId ?? ""} onChange={(e) => onChange({ channelId: pick(e.target.value) })}>
          <option value="">Any channel</option>
          {channels.map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Product
        <select value={filters.productId ?? ""} onChange={(e) => onChange({ productId: pick(e.target.value) })}>
          <option value="">Any product</option>
          {products.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/** The ranking as a virtual list: only the rows in view are in the page, however many patterns there are. */
function Ranking({
  patterns,
  byMatch,
  more,
  loadMore,
}: {
  patterns: RankedPattern[];
  /** Ordered by how well they match a search, not by priority. */
  byMatch: boolean;
  more: boolean;
  loadMore: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: patterns.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  // The next page is asked for while the last rows come into view: scrolling never waits at the end.
  useEffect(() => {
    if (more && last >= patterns.length - 20) loadMore();
  }, [more, last, patterns.length, loadMore]);
  const navigate = useNavigate();
  const move = (to: number) => {
    const index = Math.max(0, Math.min(patterns.length - 1, to));
    setActive(index);
    virtualizer.scrollToIndex(index, { align: "auto" });
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"] a`)?.focus());
  };
  useShortcuts([
    {
      keys: "j",
      what: "Next pattern",
      run: () => {
        move(active + 1);
        return true;
      },
    },
    {
      keys: "k",
      what: "Previous pattern",
      run: () => {
        move(active - 1);
        return true;
      },
    },
    {
      keys: "o",
      what: "Open the pattern",
      run: () => {
        const pattern = patterns[active];
        if (!pattern) return false;
        navigate({ to: "/patterns/$id", params: { id: pattern.id } });
        return true;
      },
    },
  ]);
  const chosen = patterns[active];
  return (
    <>
      {chosen && <WhyHere key={chosen.id} pattern={chosen} rank={byMatch ? null : active + 1} />}
      <div ref={scroller} className="ranking-scroller">
        <ol
          className="ranking"
          aria-label={byMatch ? "Patterns, best match first" : "Patterns by priority"}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const pattern = patterns[item.index] as RankedPattern;
            return (
              <li
                key={pattern.id}
                data-index={item.index}
                aria-setsize={more ? -1 : patterns.length}
                aria-posinset={item.index + 1}
                className={item.index === active ? "ranking-row active" : "ranking-row"}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              >
                <PatternRow pattern={pattern} rank={item.index + 1} onFocus={() => setActive(item.index)} />
              </li>
            );
          })}
        </ol>
      </div>
    </>
  );
}

/**
 * "Why is this first": the factors of the pattern under the cursor (j/k), asked of the API only when
 * the person opens it — one request, never one per row. Under a search (`rank` null) the list is in the
 * order of the matches, and the same factors are the pattern's priority, not why it stands where it does.
 */
function WhyHere({ pattern, rank }: { pattern: RankedPattern; rank: number | null }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="why-here" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {rank === null
          ? `The priority of “${pattern.title}”`
          : `Why is “${pattern.title}” ${rank === 1 ? "first" : `#${rank}`}?`}
      </summary>
      {open && <PriorityWhy patternId={pattern.id} />}
    </details>
  );
}

function PatternRow({ pattern, rank, onFocus }: { pattern: RankedPattern; rank: number; onFocus: () => void }) {
  const breakdown = priorityBreakdown(pattern);
  const signals = pattern.signals?.items;
  const trend = useMemo(() => perDay(signals?.map((s) => s.receivedAt) ?? [], trendDays), [signals]);
  const newest = pattern.signals?.items[0];
  return (
    <>
      <span className="rank" aria-hidden="true">
        {rank}
      </span>
      <div className="ranking-main">
        <Link to="/patterns/$id" params={{ id: pattern.id }} className="ranking-title" onFocus={onFocus}>
          {pattern.title}
        </Link>
        <div className="ranking-meta">
          <StatusBadge status={pattern.status} />
          {pattern.emergingSince && <span className="status-badge emerging">emerging</span>}{" "}
          {countOf(pattern.signalCount, "signal")}, last <When iso={pattern.lastSignalAt} />
          {newest && <span className="newest"> · “{newest.title}”</span>}
        </div>
      </div>
      <dl className="breakdown" aria-label="Priority breakdown">
        <div>
          <dt>Volume</dt>
          <dd>{breakdown.volume}</dd>
        </div>
        <div>
          <dt>Urgency</dt>
          <dd>×{short(breakdown.urgency)}</dd>
        </div>
        <div>
          <dt>Reach</dt>
          <dd>×{short(breakdown.reach)}</dd>
        </div>
        <div>
          <dt>Recency</dt>
          <dd>×{short(breakdown.recency)}</dd>
        </div>
        <div>
          <dt>Momentum</dt>
          <dd title="Velocity (its last 7 days against the 28 before) × distinct channels">
            ×{short(pattern.momentum)}
          </dd>
        </div>
      </dl>
      <Sparkline
        width={96}
        height={26}
        x={trend.x}
        y={trend.y}
        label={`Its newest ${Math.min(trendSignals, pattern.signalCount)} signals per day over ${trendDays} days`}
      />
      <span className="priority" title="Priority: reports weighted by urgency × reach × recency × momentum">
        {short(pattern.priority)}
      </span>
    </>
  );
}
