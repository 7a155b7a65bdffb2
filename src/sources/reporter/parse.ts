import { z } from "zod";
import type {
  ReporterIcFunding,
  ReporterOrganization,
  ReporterPrincipalInvestigator,
  ReporterProject,
  ReporterSearchPage,
} from "./types.ts";

/** The body is not a RePORTER v2 projects/search answer (or project); the message says why. */
export class ReporterParseError extends Error {
  override name = "ReporterParseError";
}

/**
 * Reads one page of a v2 `POST /projects/search` answer: `{ meta: { total, offset, limit },
 * results: [...] }`. Takes the body as text, bytes, or already-parsed JSON. Throws
 * `ReporterParseError` for anything else: not JSON, an error body, a v1 answer, a bad record.
 */
export function parseProjectsSearch(input: unknown): ReporterSearchPage {
  const json = readJson(input);
  if (!isRecord(json) || !("results" in json)) throw notASearch(json);
  const parsed = searchSchema.safeParse(json);
  if (!parsed.success) throw shapeError("projects/search answer", parsed.error);
  const { meta, results } = parsed.data;
  rejectV1(results, "results");
  return {
    total: meta.total,
    offset: meta.offset,
    limit: meta.limit,
    projects: results.map((result, index) => readProject(result, `results[${index}]`)),
  };
}

/** Reads one element of a v2 `results` array. Throws `ReporterParseError` as parseProjectsSearch does. */
export function parseProject(input: unknown): ReporterProject {
  const json = readJson(input);
  rejectV1([json], "project");
  return readProject(json, "project");
}

/**
 * A saved RePORTER file as people keep them: a search page, one project object, or an array of
 * project objects. `page` is there only for a search page.
 */
export function parseReporterDocument(input: unknown): {
  page?: ReporterSearchPage;
  projects: ReporterProject[];
} {
  const json = readJson(input);
  if (isRecord(json) && "results" in json) {
    const page = parseProjectsSearch(json);
    return { page, projects: page.projects };
  }
  if (
    Array.isArray(json) &&
    json.length > 0 &&
    json.every((element) => isRecord(element) && "project_num" in element)
  ) {
    rejectV1(json, "[]");
    return { projects: json.map((element, index) => readProject(element, `[${index}]`)) };
  }
  if (isRecord(json) && "project_num" in json) return { projects: [parseProject(json)] };
  throw notASearch(json);
}

/** Which application a record is, to count an application listed twice (pages shifted, saved twice) once. */
export function projectKey(project: ReporterProject): string {
  return project.applId !== undefined
    ? `appl:${project.applId}`
    : `num:${project.projectNum}:${project.fiscalYear}:${project.subprojectId ?? ""}`;
}

function readJson(input: unknown): unknown {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) return input;
  const text = (typeof input === "string" ? input : new TextDecoder().decode(input)).replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch {
    throw new ReporterParseError(`expected RePORTER JSON, got ${describeText(text)}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What to say about JSON that is not a search page: an error body says its message. */
function notASearch(json: unknown): ReporterParseError {
  const message = errorMessage(json);
  if (message !== undefined) return new ReporterParseError(`RePORTER answered with an error: ${message}`);
  const what = Array.isArray(json)
    ? "a JSON array"
    : isRecord(json)
      ? "a JSON object without results"
      : `JSON ${typeof json}`;
  return new ReporterParseError(`not a RePORTER v2 projects/search answer: ${what}`);
}

// The API's error bodies: a list of messages, or an object with error(s)/message/title/detail.
function errorMessage(json: unknown): string | undefined {
  if (Array.isArray(json)) {
    return json.length > 0 && json.every((item) => typeof item === "string")
      ? shorten(json.join("; "))
      : undefined;
  }
  if (!isRecord(json)) return undefined;
  const parts: string[] = [];
  for (const key of ["title", "message", "error", "detail"]) {
    const value = json[key];
    if (typeof value === "string" && value.trim() !== "") parts.push(value.trim());
  }
  const errors = json.errors;
  if (errors !== undefined && errors !== null) parts.push(JSON.stringify(errors));
  return parts.length > 0 ? shorten(parts.join(": ")) : undefined;
}

/**
 * The v1 API (retired) answered in the same envelope, so only the records tell it apart: v1 put
 * the organisation's fields at the top of a record (org_name, org_city, ...) where v2 nests them
 * in `organization`, and gave dates with a time zone ("2014-02-01T05:00:00Z") where v2 gives
 * none. Either is enough: reading a v1 record as v2 would lose fields silently.
 */
function rejectV1(records: unknown[], where: string): void {
  for (const [index, record] of records.entries()) {
    if (!isRecord(record)) continue;
    const flatOrg = Object.keys(record).find((key) => /^org_/.test(key));
    const zonedDate = DATE_FIELDS.find((key) => typeof record[key] === "string" && ZONED.test(record[key]));
    if (flatOrg === undefined && zonedDate === undefined) continue;
    const signs = [
      ...(flatOrg !== undefined ? [`"${flatOrg}" at the top of the record`] : []),
      ...(zonedDate !== undefined
        ? [`${zonedDate} ${JSON.stringify(record[zonedDate])} with a time zone`]
        : []),
    ];
    const at = records.length > 1 || where === "results" ? `${where}[${index}]` : where;
    throw new ReporterParseError(
      `unsupported RePORTER v1 response (${at} has ${signs.join(" and ")}); ` +
        "only RePORTER v2 (POST /v2/projects/search) is read",
    );
  }
}

const DATE_FIELDS = [
  "project_start_date",
  "project_end_date",
  "budget_start",
  "budget_end",
  "award_notice_date",
] as const;
const ZONED = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

// Blank strings are RePORTER's way of saying "none" as often as null is ("middle_name": "").
const text = z
  .string()
  .nullish()
  .transform((value) => {
    const cleaned = value?.replace(/\s+/g, " ").trim();
    return cleaned ? cleaned : undefined;
  });
const amount = z
  .number()
  .nullish()
  .transform((value) => value ?? undefined);
const id = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? undefined);
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? undefined);
// v2 writes a calendar day as local midnight with no zone ("2018-05-02T00:00:00"); the day is what it means.
const day = z
  .string()
  .nullish()
  .refine((value) => !value || /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.test(value), {
    message: "expected a date like 2018-05-02T00:00:00",
  })
  .transform((value) => (value ? value.slice(0, 10) : undefined));

const icSchema = z
  .object({ code: text, abbreviation: text, name: text })
  .nullish()
  .transform((value) => value ?? undefined);

const projectSchema = z.object({
  appl_id: id,
  subproject_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) =>
      value === null || value === undefined || value === "" ? undefined : String(value),
    ),
  fiscal_year: z.number().int().min(1900).max(2200),
  project_num: z.string().trim().min(1),
  core_project_num: text,
  project_serial_num: text,
  project_num_split: z
    .object({
      appl_type_code: text,
      activity_code: text,
      ic_code: text,
      serial_num: text,
      support_year: text,
      suffix_code: text,
    })
    .nullish(),
  activity_code: text,
  award_type: text,
  award_amount: amount,
  direct_cost_amt: amount,
  indirect_cost_amt: amount,
  agency_code: text,
  agency_ic_admin: icSchema,
  agency_ic_fundings: z
    .array(
      z.object({
        fy: id,
        code: text,
        abbreviation: text,
        name: text,
        total_cost: amount,
        direct_cost_ic: amount,
        indirect_cost_ic: amount,
      }),
    )
    .nullish(),
  organization: z
    .object({
      org_name: text,
      org_city: text,
      city: text,
      org_state: text,
      org_country: text,
      country: text,
      dept_type: text,
      org_ueis: z.array(z.string()).nullish(),
      external_org_id: id,
    })
    .nullish(),
  principal_investigators: z
    .array(
      z.object({
        profile_id: id,
        first_name: text,
        middle_name: text,
        last_name: text,
        full_name: text,
        is_contact_pi: flag,
        title: text,
      }),
    )
    .nullish(),
  contact_pi_name: text,
  project_title: text,
  project_start_date: day,
  project_end_date: day,
  budget_start: day,
  budget_end: day,
  award_notice_date: day,
  is_active: flag,
  is_new: flag,
  project_detail_url: text,
});

const searchSchema = z.object({
  meta: z.object({
    total: z.number().int().min(0),
    offset: z.number().int().min(0),
    limit: z.number().int().min(0),
  }),
  // Each record is read on its own below, so that an error names its index.
  results: z.array(z.unknown()),
});

function readProject(json: unknown, where: string): ReporterProject {
  if (!isRecord(json)) throw new ReporterParseError(`${where} is not a project object`);
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) throw shapeError(where, parsed.error);
  const raw = parsed.data;
  const number = splitProjectNumber(raw.project_num);
  const split = raw.project_num_split;
  const activityCode = raw.activity_code ?? split?.activity_code ?? number?.activityCode;
  const icCode = split?.ic_code ?? number?.icCode;
  const suffix = split ? split.suffix_code : number?.suffix;
  const coreProjectNum =
    raw.core_project_num ??
    (number ? `${number.activityCode}${number.icCode}${number.serial}` : raw.project_num);
  return omitUndefined({
    applId: raw.appl_id,
    subprojectId: raw.subproject_id,
    projectNum: raw.project_num,
    coreProjectNum,
    projectSerialNum: raw.project_serial_num,
    applicationType: split?.appl_type_code ?? number?.applicationType,
    activityCode,
    icCode,
    supportYear: split?.support_year ?? number?.supportYear,
    suffix,
    isSupplement: /S\d+/.test(suffix ?? ""),
    fiscalYear: raw.fiscal_year,
    awardAmount: raw.award_amount,
    directCostAmt: raw.direct_cost_amt,
    indirectCostAmt: raw.indirect_cost_amt,
    agencyCode: raw.agency_code,
    agencyIcAdmin: raw.agency_ic_admin && omitUndefined(raw.agency_ic_admin),
    agencyIcFundings: (raw.agency_ic_fundings ?? []).map((funding): ReporterIcFunding =>
      omitUndefined({
        fiscalYear: funding.fy,
        code: funding.code,
        abbreviation: funding.abbreviation,
        name: funding.name,
        totalCost: funding.total_cost,
        directCost: funding.direct_cost_ic,
        indirectCost: funding.indirect_cost_ic,
      }),
    ),
    organization: !raw.organization
      ? undefined
      : omitUndefined<ReporterOrganization>({
          name: raw.organization.org_name,
          city: raw.organization.org_city ?? raw.organization.city,
          state: raw.organization.org_state,
          country: raw.organization.org_country ?? raw.organization.country,
          deptType: raw.organization.dept_type,
          ueis: raw.organization.org_ueis?.length ? raw.organization.org_ueis : undefined,
          externalOrgId: raw.organization.external_org_id,
        }),
    principalInvestigators: (raw.principal_investigators ?? []).map((pi): ReporterPrincipalInvestigator =>
      omitUndefined({
        profileId: pi.profile_id,
        firstName: pi.first_name,
        middleName: pi.middle_name,
        lastName: pi.last_name,
        fullName: pi.full_name,
        isContactPi: pi.is_contact_pi ?? false,
        title: pi.title,
      }),
    ),
    contactPiName: raw.contact_pi_name,
    projectTitle: raw.project_title,
    projectStartDate: raw.project_start_date,
    projectEndDate: raw.project_end_date,
    budgetStart: raw.budget_start,
    budgetEnd: raw.budget_end,
    awardNoticeDate: raw.award_notice_date,
    awardType: raw.award_type,
    isActive: raw.is_active,
    isNew: raw.is_new,
    projectDetailUrl: raw.project_detail_url,
  });
}

export interface ProjectNumberParts {
  /** 1 new, 2 renewal, 3 supplement/revision, 5 non-competing continuation, ... */
  applicationType?: string;
  activityCode: string;
  icCode: string;
  serial: string;
  supportYear?: string;
  suffix?: string;
}

/**
 * The parts of an NIH grant number: type, activity, IC, serial, support year, suffix
 * ("3R01CA276279-02S1" → 3, R01, CA, 276279, 02, S1). Undefined for numbers of another form
 * (contracts such as HHSN...), which then stand as their own core number.
 */
export function splitProjectNumber(projectNum: string): ProjectNumberParts | undefined {
  const match = /^(\d)?([A-Z][A-Z0-9]{2})([A-Z]{2})(\d{6})(?:-(\d{2})([A-Z][A-Z0-9]*)?)?$/.exec(
    projectNum.replace(/\s+/g, "").toUpperCase(),
  );
  if (!match) return undefined;
  const [, applicationType, activityCode, icCode, serial, supportYear, suffix] = match;
  return omitUndefined({
    applicationType,
    activityCode: activityCode!,
    icCode: icCode!,
    serial: serial!,
    supportYear,
    suffix,
  });
}

function shapeError(where: string, error: z.ZodError): ReporterParseError {
  const issue = error.issues[0];
  const path =
    issue?.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") ?? "";
  return new ReporterParseError(
    `${where}${path} is not as RePORTER v2 writes it: ${issue?.message ?? "unexpected shape"}`,
  );
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function describeText(text: string): string {
  const start = text.trim().replace(/\s+/g, " ");
  if (start === "") return "an empty body";
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return `an HTML page "${title}"`;
  return JSON.stringify(start.length > 80 ? `${start.slice(0, 80)}…` : start);
}

function shorten(value: string): string {
  return value.length > 300 ? `${value.slice(0, 300)}…` : value;
}
