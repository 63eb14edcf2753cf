import { describe, expect, it } from "vitest";
import {
  changesAnything,
  componentChanges,
  componentsAfter,
  productChanges,
} from "../../web/src/delivery/edit-changes.js";

const at = "2026-11-29T00:00:00.000Z";
const product = {
  id: "p",
  loopId: "l",
  slug: "web",
  name: "Web",
  description: "Notes.",
  componentIds: ["a", "b"],
  createdAt: at,
  updatedAt: at,
};
const component = { id: "c", slug: "sync", name: "Sync", repositoryUrl: null, createdAt: at, updatedAt: at };

describe("what Delivery's Edit dialogs send: only what the person changed", () => {
  it("a rename alone sends the name, not the description or the components it opened with", () => {
    const changes = productChanges(product, { name: " Web app ", description: "Notes." }, new Set(["a", "b"]));
    expect(changes).toEqual({ name: "Web app", adding: [], removing: [] });
    expect(changesAnything(productChanges(product, { name: "Web", description: "Notes." }, new Set(["b", "a"])))).toBe(
      false,
    );
  });

  it("ticks and unticks apply to the product as it is now: a component added meanwhile stays", () => {
    const changes = productChanges(product, { name: "Web", description: "Notes." }, new Set(["b", "d"]));
    expect(changes).toEqual({ adding: ["d"], removing: ["a"] });
    expect(componentsAfter(["a", "b", "late"], changes.adding, changes.removing)).toEqual(["b", "late", "d"]);
    expect(componentsAfter(["a", "d"], ["d"], [])).toEqual(["a", "d"]);
  });

  it("a component's repository emptied is none; left as it was, not sent", () => {
    expect(componentChanges(component, { name: "Sync", repositoryUrl: " " })).toEqual({});
    expect(componentChanges(component, { name: "Sync", repositoryUrl: "https://github.com/acme/sync" })).toEqual({
      repositoryUrl: "https://github.com/acme/sync",
    });
    expect(
      componentChanges(
        { ...component, repositoryUrl: "https://github.com/acme/sync" },
        { name: "Sync", repositoryUrl: "" },
      ),
    ).toEqual({ repositoryUrl: null });
  });
});
