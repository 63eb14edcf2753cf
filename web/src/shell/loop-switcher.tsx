import { setCurrentLoop, useCurrentLoop, useLoops } from "./current-loop";

/** Chooses the loop every screen shows, or all of them. */
export function LoopSwitcher() {
  const current = useCurrentLoop();
  const loops = useLoops().data ?? [];
  // A remembered loop that is gone (deleted, or the person lost access) falls back to all loops.
  const value = loops.some((loop) => loop.id === current) ? (current ?? "") : "";
  return (
    <label className="loop-switcher">
      <span className="visually-hidden">Loop</span>
      <select value={value} onChange={(event) => setCurrentLoop(event.target.value || null)}>
        <option value="">All loops</option>
        {loops.map((loop) => (
          <option key={loop.id} value={loop.id}>
            {loop.name}
          </option>
        ))}
      </select>
    </label>
  );
}
