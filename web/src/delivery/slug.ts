/** A slug proposed from a name, as the API takes slugs: "Sync engine" → "sync-engine". */
export function slugOf(name: string): string {
  return (
    name
      .normalize("NFKD")
      // The accents NFKD takes off their letters ("é" → "e" + U+0301): dropped, not made a dash.
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
  );
}
