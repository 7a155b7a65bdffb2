/**
 * `npm run bench:web`: how fast the web app answers the routes people load most (the faculty list,
 * a profile and its items, the review queue; as JSON and as pages), over a division of 2,000
 * faculty with 200,000 linked items, all loaded at once; and how much memory the web process takes.
 *
 *   npm run bench:web [-- --faculty 2000 --items 200000 --duration 10 --connections 1,2,4 --alone 60
 *                         --node-options "--max-old-space-size=192" --reseed]
 *
 * The division lives in a database of its own on DATABASE_URL's server (scholartrack_bench_web),
 * seeded in bulk by SQL the first time (and again with --reseed, or when its size differs): each
 * person has items/faculty links (70% accepted, 20% pending for review, 10% rejected, with
 * evidence), a ledger line for each accepted one, a mentor and a cohort. The web app runs as
 * the built CLI (`scholartrack web`) in a process of its own, started as docker-compose.yml's `web`
 * service starts it (its NODE_OPTIONS, the heap cap; --node-options tries another), whose CPU time
 * and peak RSS are read from /proc/<pid>. First each route alone, --alone requests one after the
 * other: the web process's CPU per request, which does not depend on what else the machine runs.
 * Then, for each number in --connections, a fresh web process and each route with that many
 * connections of its own (autocannon), all routes at the same time, for --duration seconds, as an
 * admin (who sees everyone: the largest answers); a profile request picks a person at random.
 * Printed: a table per route with p50 and p95 at each load against the aim (p95 under 200 ms), the
 * web process's peak RSS (aim: under 300 MB), and the machine's load average, since a shared
 * machine's other work shows in every wall-clock figure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { SYSTEM_ACTOR } from "../src/access/actor.ts";
import { createDb } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { addUser, createToken } from "../src/services/accounts.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string", default: "2000" },
    items: { type: "string", default: "200000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,2,4" },
    "node-options": { type: "string" },
    alone: { type: "string", default: "60" },
    reseed: { type: "boolean", default: false },
  },
});
const facultyCount = Number(values.faculty);
const itemCount = Number(values.items);
const duration = Number(values.duration);
const connectionLevels = values.connections.split(",").map(Number);
const aloneRequests = Number(values.alone);
for (const [name, value] of Object.entries({
  faculty: facultyCount,
  items: itemCount,
  duration,
  alone: aloneRequests,
  connections: connectionLevels.every((level) => Number.isInteger(level) && level >= 1) ? 1 : NaN,
})) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench:web: --${name} takes a whole number >= 1 (--connections: a list such as 1,2,4)`);
    process.exit(2);
  }
}

const AIM_P95_MS = 200;
const AIM_RSS_MB = 300;
const ADMIN_EMAIL = "bench.admin@example.edu";
const ADMIN_PASSWORD = "a bench password of some length";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/scholartrack").replace(
  /\/[^/]*$/,
  "",
);
const databaseUrl = `${serverUrl}/scholartrack_bench_web`;

// ---------------------------------------------------------------------------------------------
// The division, in bulk

/** Faculty F0001..; every 20th person mentors the 19 after them; cohorts by hire year. */
const SEED_SQL = (faculty: number, items: number) => `
TRUNCATE "Faculty", "Item", "User", "AuditEvent" CASCADE;

INSERT INTO "Faculty" ("id", "lastName", "firstName", "middleName", "email", "rank", "track", "division",
  "hireDate", "cohort", "mentorId", "affiliationTerms", "nameVariants", "updatedAt")
SELECT 'F' || lpad(n::text, 5, '0'),
       (ARRAY['Lee','Garcia','Smith','Nguyen','Patel','Kim','Brown','Cohen','Okafor','Rossi'])[1 + n % 10] || ' ' || n,
       (ARRAY['Alex','Maria','David','Wei','Priya','Samuel','Ana','Chen'])[1 + n % 8],
       CASE WHEN n % 3 = 0 THEN 'J' END,
       'person' || n || '@example.edu',
       (ARRAY['Assistant Professor','Associate Professor','Professor'])[1 + n % 3],
       (ARRAY['tenure','clinician scholar','clinician educator'])[1 + n % 3],
       (ARRAY['Cardiology','Nephrology','General Internal Medicine','Oncology','Infectious Diseases'])[1 + n % 5],
       make_date(2005 + n % 15, 7, 1),
       (2005 + n % 15)::text,
       CASE WHEN n % 20 <> 1 THEN 'F' || lpad((n - (n - 1) % 20)::text, 5, '0') END,
       ARRAY['Example University'], ARRAY[]::text[], now()
FROM generate_series(1, ${faculty}) AS n;

INSERT INTO "Item" ("id", "kind", "title", "year", "venue", "pmid", "doi", "publicationTypes", "updatedAt")
SELECT n,
       CASE WHEN n % 10 = 0 THEN 'presentation'::"ItemKind" WHEN n % 10 = 1 THEN 'grant'::"ItemKind" ELSE 'publication'::"ItemKind" END,
       'Outcomes of ' || (ARRAY['heart failure','sepsis','type 2 diabetes','chronic kidney disease','asthma'])[1 + n % 5]
         || ' in ' || (ARRAY['older adults','children','veterans','rural patients'])[1 + n % 4] || ': study ' || n,
       2000 + n % 26,
       (ARRAY['Circulation','J Gen Intern Med','Ann Intern Med','Blood','Kidney Int'])[1 + n % 5],
       CASE WHEN n % 10 > 1 THEN (30000000 + n)::text END,
       CASE WHEN n % 10 > 1 THEN '10.1000/bench.' || n END,
       CASE WHEN n % 10 > 1 THEN ARRAY['Journal Article'] ELSE ARRAY[]::text[] END,
       now()
FROM generate_series(1, ${items}) AS n;
SELECT setval(pg_get_serial_sequence('"Item"', 'id'), ${items});

-- Each person holds a run of consecutive items, so that each has every kind, year and status.
INSERT INTO "FacultyItem" ("facultyId", "itemId", "status", "decidedBy", "decidedAt", "score", "evidence",
  "authorPosition", "updatedAt")
SELECT 'F' || lpad((1 + ((n - 1)::bigint * ${faculty}) / ${items})::text, 5, '0'), n,
       s.status::"LinkStatus", 'system', now(),
       CASE s.status WHEN 'accepted' THEN 75 + (n * 7) % 26 WHEN 'pending' THEN 25 + (n * 13) % 51 ELSE (n * 11) % 25 END,
       jsonb_build_array(
         jsonb_build_object('kind', 'full_first_name', 'weight', 20, 'reason', 'first name spelled out and matching'),
         jsonb_build_object('kind', 'affiliation_match', 'weight', 30 + n % 20, 'reason', 'affiliation names Example University', 'anchor', true),
         jsonb_build_object('kind', 'coauthors_shared', 'weight', n % 15, 'reason', 'shares co-authors with accepted papers',
           'items', jsonb_build_array((30000000 + n + 1)::text, (30000000 + n + 2)::text))),
       (ARRAY['first','middle','middle','last'])[1 + n % 4]::"AuthorPosition",
       now()
FROM generate_series(1, ${items}) AS n
CROSS JOIN LATERAL (SELECT CASE WHEN n % 10 < 7 THEN 'accepted' WHEN n % 10 < 9 THEN 'pending' ELSE 'rejected' END AS status) AS s;

INSERT INTO "LedgerEntry" ("facultyId", "itemId", "memberItemIds", "kind", "title", "year", "venue", "metric",
  "counted", "rule", "rulesVersion", "reason", "authorPosition", "provenance", "computedAt")
SELECT l."facultyId", i."id", ARRAY[i."id"], i."kind", i."title", i."year", i."venue",
       CASE i."kind" WHEN 'publication' THEN 'peer_reviewed_publications'::"Metric"
                     WHEN 'presentation' THEN 'other_presentations'::"Metric" ELSE 'grants_other'::"Metric" END,
       true, 'bench', 'bench', 'counted by the bench''s rule', l."authorPosition",
       jsonb_build_object('members', jsonb_build_array(jsonb_build_object('itemId', i."id", 'sources', jsonb_build_array('pubmed')))),
       now()
FROM "FacultyItem" l JOIN "Item" i ON i."id" = l."itemId"
WHERE l."status" = 'accepted';
`;

async function seeded(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ faculty: string; items: string }>(
    `SELECT (SELECT count(*) FROM "Faculty") AS faculty, (SELECT count(*) FROM "FacultyItem") AS items`,
  );
  return Number(rows[0]!.faculty) === facultyCount && Number(rows[0]!.items) === itemCount;
}

async function prepareDatabase(): Promise<void> {
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!values.reseed && (await seeded(client))) {
      console.log(
        `Reusing scholartrack_bench_web (${facultyCount} faculty, ${itemCount} items; --reseed to start afresh)`,
      );
    } else {
      const started = performance.now();
      process.stdout.write(`Seeding ${facultyCount} faculty and ${itemCount} items... `);
      await client.query(SEED_SQL(facultyCount, itemCount));
      // As autovacuum leaves a settled database: statistics, and index-only scans possible.
      await client.query("VACUUM ANALYZE");
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.end();
  }
  const db = createDb(databaseUrl);
  try {
    const existing = await db.user.findUnique({ where: { email: ADMIN_EMAIL } });
    if (!existing) {
      await addUser(db, SYSTEM_ACTOR, {
        email: ADMIN_EMAIL,
        name: "Bench Admin",
        role: "admin",
        password: ADMIN_PASSWORD,
      });
    }
    token = (await createToken(db, SYSTEM_ACTOR, { email: ADMIN_EMAIL, label: "bench" })).token;
  } finally {
    await db.$disconnect();
  }
}
let token = "";

// ---------------------------------------------------------------------------------------------
// The web process

interface WebProcess {
  child: ChildProcess;
  baseUrl: string;
}

/**
 * The web service's NODE_OPTIONS as docker-compose.yml deploys it (`NODE_OPTIONS:
 * ${WEB_NODE_OPTIONS:-<default>}`), so that the bench measures the process people run.
 */
function deployedNodeOptions(): string {
  const compose = readFileSync(path.join(root, "docker-compose.yml"), "utf8");
  const web = compose.slice(compose.search(/^ {2}web:$/m));
  const match = /^\s+NODE_OPTIONS:\s*\$\{WEB_NODE_OPTIONS:-([^}]*)\}/m.exec(web);
  if (!match)
    throw new Error("docker-compose.yml's web service sets no NODE_OPTIONS: ${WEB_NODE_OPTIONS:-...}");
  return match[1]!.trim();
}
const nodeOptions = values["node-options"] ?? deployedNodeOptions();

async function startWeb(port: number): Promise<WebProcess> {
  const child = spawn(
    process.execPath,
    [path.join(root, "bin/scholartrack.js"), "web", "--port", String(port)],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_OPTIONS: nodeOptions,
        QUEUE_PREFIX: `bench-web-${process.pid}-${port}`,
        SESSION_SECRET: "a bench secret of at least thirty-two characters",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`scholartrack web exited (${child.exitCode}):\n${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return { child, baseUrl };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`scholartrack web did not become ready:\n${stderr}`);
}

/** CPU time the process has used, user and system, in milliseconds. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** A session cookie, signed in through the sign-in form as a browser does. */
async function signInCookie(baseUrl: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const first = form.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: first, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).toString(),
  });
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}`);
  return answer.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

// ---------------------------------------------------------------------------------------------
// Load

interface Route {
  label: string;
  /** The path of each request; called per request so that a profile is anyone's. */
  path: () => string;
  /** Pages take the session cookie; the API a bearer token. */
  page: boolean;
}

const randomPerson = () => `F${String(1 + Math.floor(Math.random() * facultyCount)).padStart(5, "0")}`;

const ROUTES: Route[] = [
  { label: "GET /api/v1/faculty", path: () => "/api/v1/faculty", page: false },
  { label: "GET /api/v1/faculty/{id}", path: () => `/api/v1/faculty/${randomPerson()}`, page: false },
  {
    label: "GET /api/v1/faculty/{id}/items",
    path: () => `/api/v1/faculty/${randomPerson()}/items`,
    page: false,
  },
  { label: "GET /api/v1/review", path: () => "/api/v1/review", page: false },
  { label: "GET /faculty (page)", path: () => "/faculty", page: true },
  { label: "GET /faculty/{id} (page)", path: () => `/faculty/${randomPerson()}`, page: true },
  { label: "GET /review (page)", path: () => "/review", page: true },
];

interface RouteResult {
  label: string;
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  bytes: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(
  baseUrl: string,
  route: Route,
  cookie: string,
  connections: number,
): Promise<RouteResult> {
  const latencies: number[] = [];
  let failures = 0;
  let bytes = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration,
    headers: route.page ? { cookie, accept: "text/html" } : { authorization: `Bearer ${token}` },
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: route.path() }) }],
    setupClient: (client) => {
      client.on("response", (status: number, size: number, responseTime: number) => {
        latencies.push(responseTime);
        bytes += size;
        if (status !== 200) failures++;
      });
    },
  });
  latencies.sort((a, b) => a - b);
  return {
    label: route.label,
    requests: latencies.length,
    failures: failures + result.errors + result.timeouts,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    bytes: latencies.length === 0 ? 0 : bytes / latencies.length,
  };
}

function headersFor(route: Route, cookie: string): Record<string, string> {
  return route.page ? { cookie, accept: "text/html" } : { authorization: `Bearer ${token}` };
}

/** The routes this version serves, each asked once (the first queries' planning and the JIT out of the figures). */
async function warmedRoutes(web: WebProcess, cookie: string): Promise<Route[]> {
  const routes: Route[] = [];
  for (const route of ROUTES) {
    const answer = await fetch(`${web.baseUrl}${route.path()}`, { headers: headersFor(route, cookie) });
    const body = await answer.text();
    // A page this version does not serve yet is left out, and said so.
    if (route.page && answer.status === 404)
      console.log(`${route.label}: not served by this version, left out`);
    else if (answer.status !== 200)
      throw new Error(`${route.label} answered ${answer.status}: ${body.slice(0, 500)}`);
    else routes.push(route);
  }
  return routes;
}

/** The web process's CPU per request for each route, its requests made one after the other. */
async function cpuAlone(web: WebProcess, routes: Route[], cookie: string): Promise<Map<string, number>> {
  const perRoute = new Map<string, number>();
  for (const route of routes) {
    const before = cpuMsOf(web.child.pid!);
    for (let request = 0; request < aloneRequests; request++) {
      const answer = await fetch(`${web.baseUrl}${route.path()}`, { headers: headersFor(route, cookie) });
      await answer.arrayBuffer();
      if (answer.status !== 200) throw new Error(`${route.label} answered ${answer.status}`);
    }
    perRoute.set(route.label, (cpuMsOf(web.child.pid!) - before) / aloneRequests);
  }
  return perRoute;
}

interface LoadRun {
  connections: number;
  results: RouteResult[];
  requests: number;
  cpuPerRequest: number;
  peakRss: number;
  rssBefore: number;
  load: string;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");

async function withWeb<T>(work: (web: WebProcess, cookie: string) => Promise<T>): Promise<T> {
  const port = 20_000 + ((process.pid + Math.floor(Math.random() * 10_000)) % 40_000);
  const web = await startWeb(port);
  try {
    return await work(web, await signInCookie(web.baseUrl));
  } finally {
    web.child.kill("SIGTERM");
    await new Promise((resolve) => web.child.once("exit", resolve));
  }
}

async function loadRun(connections: number): Promise<LoadRun> {
  return withWeb(async (web, cookie) => {
    const routes = await warmedRoutes(web, cookie);
    const before = rssOf(web.child.pid!);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(web.child.pid!).rss)), 100);
    process.stdout.write(
      `${connections} connection(s) per route, ${routes.length} routes at once, ${duration} s (load average ${loadAverage()})... `,
    );
    const cpuBefore = cpuMsOf(web.child.pid!);
    const results = await Promise.all(routes.map((route) => load(web.baseUrl, route, cookie, connections)));
    const cpuMs = cpuMsOf(web.child.pid!) - cpuBefore;
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(web.child.pid!).peak);
    const loadAfter = loadAverage();
    console.log(`load average after: ${loadAfter}`);
    const requests = results.reduce((sum, result) => sum + result.requests, 0);
    return {
      connections,
      results,
      requests,
      cpuPerRequest: cpuMs / Math.max(requests, 1),
      peakRss: peak,
      rssBefore: before.rss,
      load: loadAfter,
    };
  });
}

/** Columns padded to their widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
}

const met = (ok: boolean) => (ok ? "met" : "NOT MET");

await prepareDatabase();
console.log(
  `Web process started as deployed: NODE_OPTIONS="${nodeOptions}"${values["node-options"] ? " (--node-options)" : " (docker-compose.yml's web service)"}`,
);
console.log(
  `Machine: ${os.availableParallelism()} CPUs, load average ${loadAverage()}. Wall-clock figures include whatever else ` +
    `the machine runs; CPU per request does not.`,
);

const alone = await withWeb(async (web, cookie) => {
  const routes = await warmedRoutes(web, cookie);
  process.stdout.write(`Each route alone, ${aloneRequests} requests one after the other... `);
  const perRoute = await cpuAlone(web, routes, cookie);
  console.log("done");
  return perRoute;
});
const runs: LoadRun[] = [];
for (const connections of connectionLevels) runs.push(await loadRun(connections));

console.log(`\nAims: p95 under ${AIM_P95_MS} ms for each route; the web process under ${AIM_RSS_MB} MB.\n`);
const labels = [...alone.keys()];
printTable(
  [
    "route",
    "answer",
    "CPU/request alone",
    ...runs.flatMap((run) => [`p50 / p95, ${run.connections} each`, `p95 < ${AIM_P95_MS} ms`]),
  ],
  labels.map((label) => {
    const answers = runs.map((run) => run.results.find((result) => result.label === label));
    const answer = answers.find((result) => result && result.requests > 0);
    return [
      label,
      answer ? `${(answer.bytes / 1024).toFixed(1)} kB` : "",
      `${alone.get(label)!.toFixed(1)} ms`,
      ...answers.flatMap((result) =>
        result
          ? [
              `${result.p50.toFixed(0)} / ${result.p95.toFixed(0)} ms${result.failures > 0 ? ` (${result.failures} errors)` : ""}`,
              met(result.p95 < AIM_P95_MS && result.failures === 0),
            ]
          : ["", ""],
      ),
    ];
  }),
);
console.log("");
printTable(
  [
    "connections per route",
    "requests",
    "a second",
    "CPU/request",
    "RSS before",
    `peak RSS (< ${AIM_RSS_MB} MB)`,
    "load average after",
  ],
  runs.map((run) => [
    `${run.connections} (${run.connections * run.results.length} at once)`,
    String(run.requests),
    (run.requests / duration).toFixed(0),
    `${run.cpuPerRequest.toFixed(1)} ms`,
    `${run.rssBefore.toFixed(0)} MB`,
    `${run.peakRss.toFixed(0)} MB ${met(run.peakRss < AIM_RSS_MB)}`,
    run.load,
  ]),
);
const allMet = runs.every(
  (run) =>
    run.peakRss < AIM_RSS_MB &&
    run.results.every((result) => result.failures === 0 && result.p95 < AIM_P95_MS),
);
process.exit(allMet ? 0 : 1);
