import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit.js";

/** A write that records each group it was given and holds it until released. */
function recordingWrite(fail?: (items: number[]) => boolean) {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<PromiseSettledResult<number>[]>((resolve, reject) => {
      groups.push(items);
      pending.push(() => {
        if (fail?.(items)) reject(new Error("the whole group failed"));
        else
          resolve(
            items.map((x) =>
              x < 0 ? { status: "rejected", reason: new Error(`bad ${x}`) } : { status: "fulfilled", value: x * 10 },
            ),
          );
      });
    });
  const releaseAll = async () => {
    while (pending.length > 0) {
      for (const release of pending.splice(0)) release();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { groups, write, releaseAll };
}

describe("groupCommit", () => {
  it("writes a call at once when nothing is in flight, and what queued behind it together", async () => {
    const w = recordingWrite();
    const write = groupCommit({ write: w.write, inFlight: 1, maxSize: 100, size: () => 1 });
    const results = Promise.all([1, 2, 3, 4, 5].map((x) => write("a", x)));
    expect(w.groups).toEqual([[1]]);
    await w.releaseAll();
    expect(await results).toEqual([10, 20, 30, 40, 50]);
    expect(w.groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it("runs up to inFlight writes of a key at once, and keys apart", async () => {
    const w = recordingWrite();
    const write = groupCommit({ write: w.write, inFlight: 2, maxSize: 100, size: () => 1 });
    const results = Promise.all([write("a", 1), write("a", 2), write("a", 3), write("b", 4), write("a", 5)]);
    expect(w.groups).toEqual([[1], [2], [4]]);
    await w.releaseAll();
    expect(await results).toEqual([10, 20, 30, 40, 50]);
    expect(w.groups).toEqual([[1], [2], [4], [3, 5]]);
  });

  it("keeps a write within maxSize units, a larger call going alone", async () => {
    const w = recordingWrite();
    const write = groupCommit({ write: w.write, inFlight: 1, maxSize: 10, size: (x: number) => x });
    const results = Promise.all([1, 4, 5, 2, 20, 3].map((x) => write("a", x)));
    await w.releaseAll();
    await results;
    expect(w.groups).toEqual([[1], [4, 5], [2], [20], [3]]);
  });

  it("gives each call its own outcome, and every call the error of a write that failed whole", async () => {
    const w = recordingWrite((items) => items.includes(7));
    const write = groupCommit({ write: w.write, inFlight: 1, maxSize: 100, size: () => 1 });
    const outcomesOf = async (calls: number[]) => {
      const settled = Promise.allSettled(calls.map((x) => write("a", x)));
      await w.releaseAll();
      return (await settled).map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message));
    };
    expect(await outcomesOf([1, -2, 3])).toEqual([10, "bad -2", 30]);
    expect(await outcomesOf([5, 7, 8])).toEqual([50, "the whole group failed", "the whole group failed"]);
    expect(w.groups).toEqual([[1], [-2, 3], [5], [7, 8]]);
    // The queue is empty and usable again.
    const again = write("a", 9);
    await w.releaseAll();
    expect(await again).toBe(90);
  });
});
