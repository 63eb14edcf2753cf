/**
 * A fraction (0–1) as people read it, `44%`: the one format of every score and similarity the matcher
 * explains — the API's reasons, the CLI and the workspace (web/ imports this file) — so a score and the
 * reason beside it never round or read differently.
 */
export function percent(fraction: number): string {
  // Scores come rounded to thousandths (0.145); 0.145 * 100 is 14.499999999999998 in binary floating
  // point, so rounding it straight would give 14 where 0.445 gives 45. Hundredths of a percent first.
  return `${Math.round(Math.round(fraction * 10_000) / 100)}%`;
}
