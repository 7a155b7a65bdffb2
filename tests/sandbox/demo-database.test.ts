import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  divisionLabel,
  dropDemoDatabaseOfOtherDivision,
  labelDemoDatabase,
} from "../../sandbox/demo/demo-database.ts";

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432";
const name = `scholartrack_demo_label_${randomBytes(4).toString("hex")}`;
const databaseUrl = `${SERVER_URL}/${name}`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const exists = () =>
  admin(
    async (client) =>
      (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1,
  );

afterAll(() => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

describe("the demo database's division label", () => {
  it("keeps the database for the same division and drops it for another", async () => {
    const thirty = divisionLabel({ faculty: 30, seed: 2026 });
    expect(await dropDemoDatabaseOfOtherDivision(databaseUrl, thirty)).toBe(false); // none yet
    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    // A database from before the label (or from another division) is started afresh.
    expect(await dropDemoDatabaseOfOtherDivision(databaseUrl, thirty)).toBe(true);
    expect(await exists()).toBe(false);

    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    await labelDemoDatabase(databaseUrl, thirty);
    expect(await dropDemoDatabaseOfOtherDivision(databaseUrl, thirty)).toBe(false);
    expect(await exists()).toBe(true);
    expect(
      await dropDemoDatabaseOfOtherDivision(databaseUrl, divisionLabel({ faculty: 6, seed: 2026 })),
    ).toBe(true);
    expect(await exists()).toBe(false);
  });
});
