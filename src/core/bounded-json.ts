import { z } from "zod";

/** How deep and how large a free-form JSON value may be, unless a field says otherwise. */
export const jsonLimits = { maxDepth: 32, maxBytes: 64 * 1024 };

/**
 * Where a value breaks the limits, or undefined. Walked with a stack of its own, never by recursion:
 * a value nested thousands of levels deep (an 8 KB body can be) would overflow the call stack, and
 * so would JSON.stringify, which is why it runs only once the depth is known to be bounded.
 */
export function jsonLimitBroken(
  value: unknown,
  limits: { maxDepth: number; maxBytes: number } = jsonLimits,
): { path: (string | number)[]; message: string } | undefined {
  // Each entry knows its parent and key only: the path is spelled out for the one that breaks the limit.
  type Entry = { value: unknown; depth: number; key: string | number; parent: Entry | undefined };
  const stack: Entry[] = [{ value, depth: 0, key: "", parent: undefined }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const node = next.value;
    if (typeof node !== "object" || node === null) continue;
    if (next.depth >= limits.maxDepth) {
      return { path: pathOf(next), message: `Nest JSON at most ${limits.maxDepth} levels deep.` };
    }
    const depth = next.depth + 1;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push({ value: node[i], depth, key: i, parent: next });
    } else {
      for (const key in node) stack.push({ value: (node as Record<string, unknown>)[key], depth, key, parent: next });
    }
  }
  // Bounded depth: stringifying is safe now. undefined (nothing to store) has no size.
  const size = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (size > limits.maxBytes) {
    return { path: [], message: `Keep this JSON to ${limits.maxBytes} bytes at most (it has ${size}).` };
  }
  return undefined;
}

/** The keys from the root down to an entry of jsonLimitBroken's walk. */
function pathOf(entry: { key: string | number; parent: { key: string | number; parent: unknown } | undefined }) {
  const path: (string | number)[] = [];
  for (let at: typeof entry | undefined = entry; at?.parent; at = at.parent as typeof entry | undefined) {
    path.unshift(at.key);
  }
  return path;
}

/**
 * A free-form JSON field (a signal's raw payload, anything stored as jsonb that the API does not
 * shape): any JSON value, at most `maxDepth` levels deep and `maxBytes` long once serialised. A value
 * past either is invalid_input with the path of the level that is too deep, never a 500.
 */
export function boundedJson(limits: Partial<typeof jsonLimits> = {}) {
  const bounds = { ...jsonLimits, ...limits };
  return z.unknown().superRefine((value, context) => {
    const broken = jsonLimitBroken(value, bounds);
    if (broken) context.addIssue({ code: "custom", message: broken.message, path: broken.path });
  });
}
