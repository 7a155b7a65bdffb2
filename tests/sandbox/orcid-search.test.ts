/**
 * ORCID's search as the sandbox serves it and the client reads it: which of many records changed
 * since a day, in one request per 200 iDs, with ORCID's answers (`"result": null` when nothing
 * matches, 400 for a query it cannot read or too many rows).
 */
import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, type SandboxOrcidRecord } from "../../sandbox/division/index.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { orcidCheckCharacter } from "../../src/identity/orcid.ts";
import { OrcidClient, ORCID_SEARCH_MAX_IDS, parseSearch } from "../../src/sources/orcid/index.ts";

const division = generateDivision({ facultyCount: 30, seed: 41 });
const readable = Object.entries(division.orcidRecords).filter(([, record]) => record.status === undefined);
const deactivated = Object.entries(division.orcidRecords).find(
  ([, record]) => record.status === "deactivated",
)!;
const EDITED_AT = Date.UTC(2026, 11, 6, 15, 30);
const SINCE = new Date(Date.UTC(2026, 11, 4));

/** Well-formed iDs no record has, to fill a search past one request's worth. */
function unknownIds(count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const digits = `0009${String(n + 1).padStart(11, "0")}`;
    const id = `${digits}${orcidCheckCharacter(digits)}`;
    return `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8, 12)}-${id.slice(12)}`;
  });
}

describe("ORCID search by last-modified date", () => {
  let sandbox: OrcidSandbox;
  let client: OrcidClient;
  const edited = readable.slice(0, 2).map(([orcid]) => orcid);
  const untouched = readable.slice(2).map(([orcid]) => orcid);

  beforeAll(async () => {
    const records: Record<string, SandboxOrcidRecord> = { ...division.orcidRecords };
    for (const orcid of edited) records[orcid] = { ...records[orcid]!, lastModified: EDITED_AT };
    // Edited too, but deactivated: ORCID's index does not hold it.
    records[deactivated[0]] = { ...deactivated[1], lastModified: EDITED_AT };
    sandbox = await startOrcidSandbox({ records, enforceRateLimit: false });
    client = new OrcidClient({
      baseUrl: sandbox.url,
      timeoutMs: 5_000,
      rateLimiter: { acquire: () => Promise.resolve() },
      retryBaseMs: 1,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("names the records changed since the day among those asked about, in one request", async () => {
    sandbox.resetStats();
    const changed = await client.changedSince([...untouched, ...edited, deactivated[0]], SINCE);
    expect([...changed].sort()).toEqual([...edited].sort());
    expect(sandbox.stats().byEndpoint).toEqual({ search: 1 });
  });

  it("finds nothing changed after the edits", async () => {
    const changed = await client.changedSince([...untouched, ...edited], new Date(EDITED_AT + 1));
    expect(changed.size).toBe(0);
  });

  it("asks about 200 iDs a request", async () => {
    sandbox.resetStats();
    const many = [...unknownIds(ORCID_SEARCH_MAX_IDS), ...edited];
    const changed = await client.changedSince(many, SINCE);
    expect([...changed].sort()).toEqual([...edited].sort());
    expect(sandbox.stats().byEndpoint).toEqual({ search: 2 });
  });

  it("answers as ORCID does: null when nothing matches, the iD's path on each hit", async () => {
    const http = axios.create({ validateStatus: () => true });
    const none = await http.get(`${sandbox.url}/search/`, {
      params: { q: `orcid:${untouched[0]} AND profile-last-modified-date:[${SINCE.toISOString()} TO *]` },
    });
    expect(none.data).toEqual({ result: null, "num-found": 0 });
    const some = await http.get(`${sandbox.url}/search/`, {
      params: { q: `orcid:(${edited.join(" OR ")})`, rows: 1 },
    });
    expect(parseSearch(JSON.stringify(some.data))).toEqual({ numFound: 2, orcids: [[...edited].sort()[0]] });
    expect((await http.get(`${sandbox.url}/search/`, { params: { q: "orcid:(", rows: 10 } })).status).toBe(
      400,
    );
    expect((await http.get(`${sandbox.url}/search/`, { params: { q: "orcid:x", rows: 1001 } })).status).toBe(
      400,
    );
  });
});
