import { describe, expect, it } from "vitest";
import { createAcceptGate } from "./accept-gate.js";

describe("createAcceptGate", () => {
  it("admits one at a time, in the order they came, and a release counts once", async () => {
    const gate = createAcceptGate(1);
    const order: string[] = [];
    const first = await gate.acquire();
    const second = gate.acquire().then((release) => {
      order.push("second");
      return release;
    });
    const third = gate.acquire().then((release) => {
      order.push("third");
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(["second", "third"]);
    // Everyone left: the next one walks in at once.
    const fourth = await gate.acquire();
    fourth();
  });

  it("admits `width` at once", async () => {
    const gate = createAcceptGate(2);
    const a = await gate.acquire();
    await gate.acquire();
    let third = false;
    const waiting = gate.acquire().then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    a();
    await waiting;
    expect(third).toBe(true);
  });
});
