import { describe, expect, it } from "vitest";
import { databaseUrl, serverUrl } from "../../test/helpers/db.js";
import { connect } from "./connect.js";
import { migrate, migrations } from "./migrate.js";

describe.skipIf(!serverUrl)("migrations on a PostgreSQL server", () => {
  it("are applied once when several processes start at the same moment", async () => {
    const name = `loopwork_migrate_${Date.now()}_${process.pid}`;
    const admin = await connect({ databaseUrl: serverUrl ?? "", poolSize: 1 });
    await admin.exec(`create database ${name}`);
    const starts = await Promise.all(
      Array.from({ length: 4 }, () => connect({ databaseUrl: databaseUrl(serverUrl ?? "", name), poolSize: 1 })),
    );
    try {
      const applied = await Promise.all(starts.map((db) => migrate(db)));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(migrations().map((m) => m.version));
      const rows = await starts[0]?.query<{ n: number }>("select count(*)::int as n from schema_migrations");
      expect(rows?.[0]?.n).toBe(migrations().length);
    } finally {
      await Promise.all(starts.map((db) => db.close()));
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    }
  });
});
