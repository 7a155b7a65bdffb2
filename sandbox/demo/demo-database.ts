import pg from "pg";

/**
 * The demo's database holds one generated division. Run again with the same division, nothing is
 * duplicated; run with another (a different --faculty or --seed), the old people would stay and
 * the comparison with the new division's truth would count them. So the database carries the
 * division it holds as its comment, and a different division starts from an empty database.
 */
export function divisionLabel(division: { faculty: number; seed: number }): string {
  return `scholartrack demo division: faculty=${division.faculty} seed=${division.seed}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function adminUrlOf(databaseUrl: string): { adminUrl: string; name: string } {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  url.pathname = "/postgres";
  return { adminUrl: url.toString(), name };
}

/** Drops the demo database when it holds another division; says whether it did. */
export async function dropDemoDatabaseOfOtherDivision(databaseUrl: string, label: string): Promise<boolean> {
  const { adminUrl, name } = adminUrlOf(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (rows.length === 0 || rows[0]!.comment === label) return false;
    await client.query(`DROP DATABASE ${quoteIdentifier(name)} WITH (FORCE)`);
    return true;
  } finally {
    await client.end();
  }
}

/** Marks the demo database with the division it now holds. */
export async function labelDemoDatabase(databaseUrl: string, label: string): Promise<void> {
  const { adminUrl, name } = adminUrlOf(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${client.escapeLiteral(label)}`);
  } finally {
    await client.end();
  }
}
