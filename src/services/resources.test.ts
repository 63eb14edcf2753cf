import { describe, expect, it } from "vitest";
import { type Resource, resources } from "./resources.js";

describe("the resources' update schemas", () => {
  it("fill in nothing a PATCH did not send (a default would overwrite what is stored)", () => {
    for (const r of Object.values(resources as Record<string, Resource>)) {
      if (!r.update) continue;
      // Every field optional but a required status (deployments): a PATCH of one field keeps the rest.
      const minimal = r.name === "deployment" ? { status: "running" } : {};
      expect({ resource: r.name, parsed: r.update.parse(minimal) }).toEqual({ resource: r.name, parsed: minimal });
      if (r.name === "channel") expect(r.update.parse({ config: {} })).toEqual({ config: {} });
    }
  });
});
