import { afterEach, describe, expect, it, vi } from "vitest";
import { notifyEveryMs, notifyLater } from "./notify-later.js";

describe("notifyLater", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it("sends what was queued meanwhile as one payload per channel, in the order queued", async () => {
    vi.useFakeTimers();
    const sent: [string, string][] = [];
    const later = notifyLater(async (channel, payload) => {
      sent.push([channel, payload]);
    });
    later.notify("a", "1");
    later.notify("b", "x");
    later.notify("a", "2");
    await vi.advanceTimersByTimeAsync(notifyEveryMs - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([
      ["a", "1,2"],
      ["b", "x"],
    ]);
    later.notify("a", "3");
    await vi.advanceTimersByTimeAsync(notifyEveryMs);
    expect(sent.at(-1)).toEqual(["a", "3"]);
  });

  it("splits payloads PostgreSQL would refuse (8,000 bytes) and sends at once on flush", async () => {
    const sent: string[] = [];
    const later = notifyLater(async (_channel, payload) => {
      sent.push(payload);
    });
    const ids = Array.from({ length: 2_000 }, (_, i) => String(1_000_000 + i));
    for (const id of ids) later.notify("a", id);
    await later.flush();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((payload) => payload.length < 8_000)).toBe(true);
    expect(sent.join(",").split(",")).toEqual(ids);
  });

  it("goes on after a failed send", async () => {
    const sent: string[] = [];
    let fail = true;
    const later = notifyLater(async (_channel, payload) => {
      if (fail) {
        fail = false;
        throw new Error("connection lost");
      }
      sent.push(payload);
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    later.notify("a", "1");
    await later.flush();
    later.notify("a", "2");
    await later.flush();
    expect(sent).toEqual(["2"]);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
