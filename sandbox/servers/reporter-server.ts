import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ReporterSearchJson } from "../../src/sources/reporter/types.ts";
import { listenSandbox, RequestCounter, serveStats, type SandboxRequestStats } from "./sandbox-server.ts";

/**
 * A local stand-in for NIH RePORTER v2 `POST /v2/projects/search` over given project records,
 * with RePORTER's limits: 500 results a page, no paging past 10,000, and (as NIH asks) one
 * request a second, refused with 429 beyond it. Used by the demo and the harvest benchmark.
 */

/** The fields of a RePORTER v2 project record the search reads; the rest are served as given. */
export interface ReporterSandboxProject {
  appl_id?: number | null;
  fiscal_year: number;
  project_num: string;
  core_project_num?: string | null;
  organization?: { org_name?: string | null } | null;
  principal_investigators?: ReadonlyArray<{
    profile_id?: number | null;
    first_name?: string | null;
    middle_name?: string | null;
    last_name?: string | null;
    full_name?: string | null;
  }> | null;
}

export interface ReporterSandboxOptions {
  projects: readonly ReporterSandboxProject[];
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Refuse requests past NIH's rate with 429 (default true); they are counted either way. */
  enforceRateLimit?: boolean;
}

/** Requests under /v2/ by endpoint ("projects/search" or "other") and answers other than 200 by status. */
export type ReporterSandboxStats = SandboxRequestStats;

export interface ReporterSandbox {
  /** Base URL ending in /v2, to use as REPORTER_API_URL. */
  url: string;
  stats(): ReporterSandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const REPORTER_REQUESTS_PER_SECOND = 1;
export const REPORTER_PAGE_LIMIT = 500;
export const REPORTER_RESULT_WINDOW = 10_000;
/** RePORTER's page size when the request names none. */
const DEFAULT_LIMIT = 50;

const SORTABLE = new Set([
  "appl_id",
  "fiscal_year",
  "project_num",
  "core_project_num",
  "award_amount",
  "project_start_date",
  "project_end_date",
]);

interface SearchBody {
  criteria?: unknown;
  offset?: unknown;
  limit?: unknown;
  sort_field?: unknown;
  sort_order?: unknown;
}

interface PiName {
  first_name?: string;
  last_name?: string;
  any_name?: string;
}

type Matcher = (project: ReporterSandboxProject) => boolean;

/** A request RePORTER refuses: 400 with its list of messages. */
class BadSearch extends Error {}

export async function startReporterSandbox(options: ReporterSandboxOptions): Promise<ReporterSandbox> {
  const projects = [...options.projects];
  const enforce = options.enforceRateLimit ?? true;
  // When each client's last accepted request arrived: NIH asks for one a second.
  const lastAccepted = new Map<string, number>();
  const counter = new RequestCounter();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  // A body that is not JSON is RePORTER's 400, not Fastify's.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch {
      done(null, new BadSearch("The request body is not valid JSON."));
    }
  });

  serveStats(
    app,
    () => counter.snapshot(),
    () => counter.reset(),
  );

  app.route({
    method: ["GET", "POST", "PUT", "DELETE"],
    url: "/v2/*",
    handler: (request: FastifyRequest<{ Params: { "*": string } }>, reply: FastifyReply) => {
      const now = performance.now();
      const path = request.params["*"].replace(/\/+$/, "").toLowerCase();
      const endpoint = path === "projects/search" && request.method === "POST" ? "projects/search" : "other";
      counter.arrive(endpoint, now);
      const send = (status: number, body: unknown): FastifyReply => {
        counter.answered(status);
        return reply.code(status).type("application/json; charset=utf-8").send(JSON.stringify(body));
      };

      const last = lastAccepted.get(request.ip);
      if (enforce && last !== undefined && now - last < 1_000 / REPORTER_REQUESTS_PER_SECOND) {
        counter.rateLimited();
        reply.header("Retry-After", "1");
        return send(429, { message: "Too many requests: please send no more than one request per second." });
      }
      lastAccepted.set(request.ip, now);

      if (endpoint === "other")
        return send(404, { message: `No such endpoint: ${request.method} /v2/${path}` });
      try {
        return send(200, search(projects, request.body));
      } catch (error) {
        if (error instanceof BadSearch) return send(400, [error.message]);
        throw error;
      }
    },
  });

  return {
    ...(await listenSandbox(app, options, "/v2")),
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
  };
}

/** One page of the projects matching the criteria, in RePORTER's envelope. */
function search(
  projects: readonly ReporterSandboxProject[],
  input: unknown,
): Omit<ReporterSearchJson, "results"> & { results: ReporterSandboxProject[] } {
  if (input instanceof BadSearch) throw input;
  if (input !== undefined && !isRecord(input)) throw new BadSearch("The request body must be a JSON object.");
  const body: SearchBody = input ?? {};
  const offset = whole(body.offset, 0, "offset");
  const limit = whole(body.limit, DEFAULT_LIMIT, "limit");
  if (limit < 1 || limit > REPORTER_PAGE_LIMIT)
    throw new BadSearch(`Limit must be between 1 and ${REPORTER_PAGE_LIMIT}.`);
  if (offset + limit > REPORTER_RESULT_WINDOW) {
    throw new BadSearch(
      `Offset plus limit must not exceed ${REPORTER_RESULT_WINDOW} (offset ${offset}, limit ${limit}); narrow the search criteria to see more results.`,
    );
  }
  const criteria = body.criteria === undefined || body.criteria === null ? {} : body.criteria;
  if (!isRecord(criteria)) throw new BadSearch("criteria must be an object.");
  const matches = matcher(criteria);
  let found = projects.filter(matches);

  const sortField = typeof body.sort_field === "string" && body.sort_field !== "" ? body.sort_field : null;
  const sortOrder =
    typeof body.sort_order === "string" && body.sort_order.toLowerCase() === "desc" ? "desc" : "asc";
  if (sortField !== null) {
    if (!SORTABLE.has(sortField)) throw new BadSearch(`sort_field ${sortField} is not a sortable field.`);
    const sign = sortOrder === "desc" ? -1 : 1;
    const field = (project: ReporterSandboxProject): unknown =>
      (project as unknown as Record<string, unknown>)[sortField];
    found = [...found].sort((a, b) => sign * compare(field(a), field(b)));
  }
  const searchId = createHash("sha1")
    .update(JSON.stringify({ criteria, sortField, sortOrder }))
    .digest("base64url")
    .slice(0, 22);
  return {
    meta: {
      search_id: searchId,
      total: found.length,
      offset,
      limit,
      sort_field: sortField,
      sort_order: sortOrder === "desc" ? "DESC" : "ASC",
      sorted_by_relevance: sortField === null,
      properties: { URL: `https:/reporter.nih.gov/search/${searchId}/projects` },
    },
    results: found.slice(offset, offset + limit),
  };
}

/** Every criterion given must hold (AND); within one, any listed value may (OR). */
function matcher(criteria: Record<string, unknown>): Matcher {
  const tests: Matcher[] = [];
  const profileIds = list(
    criteria,
    "pi_profile_ids",
    (value) => typeof value === "number" && Number.isInteger(value),
  );
  if (profileIds) {
    const wanted = new Set(profileIds as number[]);
    tests.push((project) =>
      (project.principal_investigators ?? []).some((pi) => wanted.has(pi.profile_id ?? -1)),
    );
  }
  const names = list(criteria, "pi_names", isRecord);
  if (names) {
    const wanted = (names as Array<Record<string, unknown>>).map(piName);
    tests.push((project) =>
      (project.principal_investigators ?? []).some((pi) => wanted.some((name) => nameMatches(name, pi))),
    );
  }
  const organizations = list(criteria, "org_names", (value) => typeof value === "string");
  if (organizations) {
    const wanted = (organizations as string[]).map(fold).filter((name) => name !== "");
    tests.push((project) => {
      const name = foldedOrganization(project);
      return wanted.some((part) => name.includes(part));
    });
  }
  const years = list(
    criteria,
    "fiscal_years",
    (value) => typeof value === "number" && Number.isInteger(value),
  );
  if (years) {
    const wanted = new Set(years as number[]);
    tests.push((project) => wanted.has(project.fiscal_year));
  }
  const numbers = list(criteria, "project_nums", (value) => typeof value === "string");
  if (numbers) {
    const patterns = (numbers as string[]).map(projectNumberPattern);
    tests.push((project) =>
      patterns.some(
        (pattern) =>
          pattern.test(project.project_num) ||
          (project.core_project_num !== undefined &&
            project.core_project_num !== null &&
            pattern.test(project.core_project_num)),
      ),
    );
  }
  return (project) => tests.every((test) => test(project));
}

/** A criterion's list, checked; undefined when it is absent or empty (no restriction). */
function list(
  criteria: Record<string, unknown>,
  name: string,
  valid: (value: unknown) => boolean,
): unknown[] | undefined {
  const value = criteria[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(valid))
    throw new BadSearch(`${name} must be a list of the right kind of value.`);
  return value.length === 0 ? undefined : value;
}

function piName(value: Record<string, unknown>): PiName {
  const read = (key: string): string | undefined => {
    const field = value[key];
    if (field === undefined || field === null) return undefined;
    if (typeof field !== "string") throw new BadSearch(`pi_names.${key} must be text.`);
    const folded = fold(field);
    return folded === "" ? undefined : folded;
  };
  const name = { first_name: read("first_name"), last_name: read("last_name"), any_name: read("any_name") };
  if (!name.first_name && !name.last_name && !name.any_name)
    throw new BadSearch("pi_names entries need a first_name, last_name or any_name.");
  return name;
}

type Pi = NonNullable<ReporterSandboxProject["principal_investigators"]>[number];
// Folded once per PI and kept: a search of 50 names over a school's projects would fold each PI's
// names 50 times, and the sandbox, not the harvest, became the slow part of a night.
const foldedNamesOf = new WeakMap<Pi, { first: string; middle: string; last: string; full: string }>();
function foldedNames(pi: Pi): { first: string; middle: string; last: string; full: string } {
  let names = foldedNamesOf.get(pi);
  if (!names) {
    names = {
      first: fold(pi.first_name ?? ""),
      middle: fold(pi.middle_name ?? ""),
      last: fold(pi.last_name ?? ""),
      full: fold(pi.full_name ?? ""),
    };
    foldedNamesOf.set(pi, names);
  }
  return names;
}
const foldedOrganizationOf = new WeakMap<ReporterSandboxProject, string>();
function foldedOrganization(project: ReporterSandboxProject): string {
  let name = foldedOrganizationOf.get(project);
  if (name === undefined) {
    name = fold(project.organization?.org_name ?? "");
    foldedOrganizationOf.set(project, name);
  }
  return name;
}

/**
 * Case and accents do not matter (RePORTER writes most names in capitals without accents); each
 * part given must equal the PI's; any_name may be the first, middle, last or full name.
 */
function nameMatches(name: PiName, pi: Pi): boolean {
  const { first, middle, last, full } = foldedNames(pi);
  if (name.first_name !== undefined && name.first_name !== first) return false;
  if (name.last_name !== undefined && name.last_name !== last) return false;
  if (name.any_name !== undefined && ![first, middle, last, full].includes(name.any_name)) return false;
  return true;
}

/** A project number as RePORTER takes it: whole, or with * standing for any characters. */
function projectNumberPattern(value: string): RegExp {
  const escaped = value
    .trim()
    .toUpperCase()
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

function fold(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[øØ]/g, "o")
    .replace(/ı/g, "i")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function whole(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  const number = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 0)
    throw new BadSearch(`${name} must be a whole number, 0 or more.`);
  return number;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return (typeof a === "string" ? a : JSON.stringify(a)).localeCompare(
    typeof b === "string" ? b : JSON.stringify(b),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
