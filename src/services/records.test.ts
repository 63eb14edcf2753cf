import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

describe(`updating a record (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("moves updatedAt only when something changes", async () => {
    db = await freshDb();
    const loop = await make(db, "loop", { slug: "notes", name: "Notes" });
    const a = await make(db, "component", { slug: "a", name: "A" });
    const b = await make(db, "component", { slug: "b", name: "B" });
    const product = await make(db, "product", {
      loopId: loop.id,
      slug: "web",
      name: "Web",
      componentIds: [a.id, b.id],
    });
    const patch = (body: Record<string, unknown>) =>
      inTransaction(db, "test", (tx) => updateRecord(tx, resources.product, product.id, body));
    for (const unchanged of [{}, { name: "Web" }, { componentIds: [b.id, a.id] }]) {
      const { before, after } = await patch(unchanged);
      expect({ unchanged, updatedAt: after.updatedAt }).toEqual({ unchanged, updatedAt: before.updatedAt });
    }
    const renamed = await patch({ name: "Web app" });
    expect(renamed.after.updatedAt).not.toEqual(renamed.before.updatedAt);
    const relinked = await patch({ componentIds: [a.id] });
    expect(relinked.after.updatedAt).not.toEqual(relinked.before.updatedAt);
  });
});
