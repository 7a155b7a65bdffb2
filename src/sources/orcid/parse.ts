import { z } from "zod";
import { normalizeOrcid } from "../../identity/orcid.ts";
import type {
  OrcidBulkError,
  OrcidBulkWorks,
  OrcidContributor,
  OrcidDate,
  OrcidEmployment,
  OrcidExternalId,
  OrcidFunding,
  OrcidFundingContributor,
  OrcidFundingGroup,
  OrcidFundingSummary,
  OrcidOrganization,
  OrcidPerson,
  OrcidSearchPage,
  OrcidSource,
  OrcidWork,
  OrcidWorkGroup,
  OrcidWorkSummary,
} from "./types.ts";

/** The body is not the ORCID API v3.0 JSON document asked for; the message says what it is instead. */
export class OrcidParseError extends Error {
  override name = "OrcidParseError";
  /** Reading the same body again cannot succeed. */
  readonly transient = false;
}

/*
 * Every parser takes the JSON text (a string or UTF-8 bytes) or the value JSON.parse made of it.
 * Before reading any field it makes sure the document is the v3.0 document it expects, because
 * the other things ORCID and saved files hold (XML, a v2.x document, an error body, another
 * section) share enough field names to be misread as data.
 */

/** The GET /{orcid}/works list: one entry per group of versions of a work. */
export function parseWorksSummary(input: unknown): OrcidWorkGroup[] {
  const doc = read(worksSchema, expectDocument(input, "works"), "the works list");
  return doc.group.map((group) => ({
    externalIds: toExternalIds(group["external-ids"]),
    summaries: group["work-summary"].map(toWorkSummary),
  }));
}

/**
 * A bulk read (GET /{orcid}/works/{put-code,...}): the works, and an error for each put-code that
 * could not be read. ORCID does not say which put-code an error is about except in its message;
 * given the put-codes asked for, an error that names none is matched to the one put-code left
 * unanswered when exactly one is.
 */
export function parseBulkWorks(input: unknown, requestedPutCodes?: readonly number[]): OrcidBulkWorks {
  const doc = read(bulkSchema, expectDocument(input, "bulk"), "a bulk works read");
  const works: OrcidWork[] = [];
  const errors: OrcidBulkError[] = [];
  doc.bulk.forEach((element, index) => {
    if (isObject(element.work)) {
      works.push(toWork(read(workSchema, element.work, "a work", `bulk.${index}.work`)));
    } else if (isObject(element.error)) {
      errors.push(toBulkError(read(errorSchema, element.error, "an error", `bulk.${index}.error`)));
    } else {
      throw new OrcidParseError(
        `not the ORCID v3.0 shape of a bulk works read: bulk.${index} is neither a work nor an error`,
      );
    }
  });
  if (requestedPutCodes) matchUnnamedError(errors, works, requestedPutCodes);
  return { works, errors };
}

/** A full work (GET /{orcid}/work/{put-code}). */
export function parseWork(input: unknown): OrcidWork {
  return toWork(read(workSchema, expectDocument(input, "work"), "a work"));
}

/** The GET /{orcid}/fundings list: one entry per group of versions of a funding item. */
export function parseFundings(input: unknown): OrcidFundingGroup[] {
  const doc = read(fundingsSchema, expectDocument(input, "fundings"), "the fundings list");
  return doc.group.map((group) => ({
    externalIds: toExternalIds(group["external-ids"]),
    summaries: group["funding-summary"].map(toFundingSummary),
  }));
}

/** A full funding item (GET /{orcid}/funding/{put-code}). */
export function parseFunding(input: unknown): OrcidFunding {
  const doc = read(fundingSchema, expectDocument(input, "funding"), "a funding item");
  const amount = text(doc.amount?.value);
  return {
    ...toFundingSummary(doc),
    ...defined({
      organizationDefinedType: text(doc["organization-defined-type"]?.value),
      shortDescription: text(doc["short-description"]),
      amount:
        amount === undefined
          ? undefined
          : defined({ value: amount, currencyCode: text(doc.amount?.["currency-code"]) }),
    }),
    contributors: (doc.contributors?.contributor ?? []).map((contributor): OrcidFundingContributor =>
      defined({
        name: text(contributor["credit-name"]?.value),
        orcid: toOrcid(contributor["contributor-orcid"]),
        role: text(contributor["contributor-attributes"]?.["contributor-role"]),
      }),
    ),
  };
}

/** The names of GET /{orcid}/person. */
export function parsePerson(input: unknown): OrcidPerson {
  const doc = read(personSchema, expectDocument(input, "person"), "the person section");
  const fromPath = typeof doc.path === "string" ? normalizeOrcid(doc.path) : undefined;
  return {
    ...defined({
      orcid: fromPath ?? normalizeOrcid(doc.name?.path),
      givenNames: text(doc.name?.["given-names"]?.value),
      familyName: text(doc.name?.["family-name"]?.value),
      creditName: text(doc.name?.["credit-name"]?.value),
    }),
    otherNames: (doc["other-names"]?.["other-name"] ?? []).flatMap((name) => {
      const content = text(name.content);
      return content === undefined ? [] : [content];
    }),
  };
}

/**
 * When anything on the record last changed, from GET /{orcid}/record: the latest of the history's,
 * the person section's and the activities summary's last-modified dates (ORCID leaves some out).
 * Null when the record gives none: then no change can be ruled out.
 */
export function parseRecordLastModified(input: unknown): Date | null {
  const doc = read(recordDatesSchema, expectDocument(input, "record"), "the record");
  const stamps = [
    doc.history?.["last-modified-date"]?.value,
    doc.person?.["last-modified-date"]?.value,
    doc["activities-summary"]?.["last-modified-date"]?.value,
  ].filter((value): value is number => typeof value === "number" && Number.isFinite(value));
  return stamps.length === 0 ? null : new Date(Math.max(...stamps));
}

/** GET /search/: the iDs found (ORCID's order) and how many match in all; no hits come as `"result": null`. */
export function parseSearch(input: unknown): OrcidSearchPage {
  const doc = read(searchSchema, expectDocument(input, "search"), "the search result");
  return {
    numFound: doc["num-found"],
    orcids: (doc.result ?? []).flatMap((hit) => {
      const path = hit["orcid-identifier"]?.path?.replace(/^\//, "").trim().toUpperCase();
      return path ? [path] : [];
    }),
  };
}

/** The employments of GET /{orcid}/employments, in ORCID's order (most recent first). */
export function parseEmployments(input: unknown): OrcidEmployment[] {
  const doc = read(employmentsSchema, expectDocument(input, "employments"), "the employments list");
  return doc["affiliation-group"].flatMap((group) =>
    group.summaries.map(({ "employment-summary": summary }) => ({
      putCode: summary["put-code"],
      ...defined({
        organization: toOrganization(summary.organization),
        department: text(summary["department-name"]),
        role: text(summary["role-title"]),
        startDate: toDate(summary["start-date"]),
        endDate: toDate(summary["end-date"]),
      }),
      source: toSource(summary.source),
      ...defined({ visibility: text(summary.visibility), path: text(summary.path) }),
    })),
  );
}

/**
 * JSON text (or bytes) as a value, refusing what is not JSON with a message that says what it is
 * (XML, an HTML page, an empty body). A value that is not text is returned as it is.
 */
export function readOrcidJson(input: unknown): unknown {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) return input;
  const body = (typeof input === "string" ? input : Buffer.from(input).toString("utf8"))
    .replace(/^\uFEFF/, "")
    .trim();
  if (body === "") throw new OrcidParseError("empty body: no ORCID JSON found");
  if (body.startsWith("<")) {
    const root = rootElement(body);
    if (root?.toLowerCase() === "html")
      throw new OrcidParseError("unsupported: a web page (HTML), not ORCID JSON");
    throw new OrcidParseError(
      `unsupported: XML${root ? ` (<${root}>)` : ""}; only ORCID API v3.0 JSON (Accept: application/vnd.orcid+json) is read`,
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new OrcidParseError(`not JSON: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// What the document is

/** What a parser expects, and the document kinds that may be it. */
const EXPECTED = {
  works: { what: "the works list (GET /{orcid}/works)", kinds: ["works", "groups"] },
  bulk: { what: "a bulk works read (GET /{orcid}/works/{put-codes})", kinds: ["bulk"] },
  work: { what: "a single work (GET /{orcid}/work/{put-code})", kinds: ["work"] },
  fundings: { what: "the fundings list (GET /{orcid}/fundings)", kinds: ["fundings", "groups"] },
  funding: { what: "a single funding item (GET /{orcid}/funding/{put-code})", kinds: ["funding"] },
  person: { what: "the person section (GET /{orcid}/person)", kinds: ["person"] },
  employments: {
    what: "the employments list (GET /{orcid}/employments)",
    kinds: ["employments", "affiliations"],
  },
  record: { what: "a full record (GET /{orcid}/record)", kinds: ["record"] },
  search: { what: "a search result (GET /search)", kinds: ["search"] },
} as const;

type Expected = keyof typeof EXPECTED;

const KIND_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(EXPECTED).map(([kind, { what }]) => [kind, what])),
  groups: "an empty list of groups",
  affiliations: "a list of affiliation groups",
};

function expectDocument(input: unknown, expected: Expected): Record<string, unknown> {
  const value = readOrcidJson(input);
  if (!isObject(value)) {
    const what = Array.isArray(value)
      ? "a JSON array"
      : value === null
        ? "JSON null"
        : `a JSON ${typeof value}`;
    throw new OrcidParseError(
      `unsupported: ${what}, not an ORCID document; expected ${EXPECTED[expected].what}`,
    );
  }
  const error = orcidError(value);
  if (error !== undefined) throw new OrcidParseError(error);
  const legacy = legacyVersion(value);
  if (legacy !== undefined) {
    throw new OrcidParseError(`unsupported: ${legacy}; only ORCID API v3.0 JSON is read`);
  }
  const kind = documentKind(value);
  if (kind !== "unknown" && !(EXPECTED[expected].kinds as readonly string[]).includes(kind)) {
    const section = kind.replace(/^section:/, "");
    const name = KIND_NAMES[kind] ?? `the ${section} section (GET /{orcid}/${section})`;
    throw new OrcidParseError(`unsupported: expected ${EXPECTED[expected].what} but this is ${name}`);
  }
  return value;
}

const RECORD_PATH = /^\/?\d{4}-\d{4}-\d{4}-\d{3}[\dX]\/?$/i;
const SECTION_PATH = /^\/[^/]+\/([a-z-]+)(?:\/([^/]+))?\/?$/;
const SECTIONS = new Set(["works", "fundings", "person", "employments"]);

/** What the document is, from its path when it has one (ORCID sets it on each section), else its shape. */
function documentKind(doc: Record<string, unknown>): string {
  const path = typeof doc.path === "string" ? doc.path.trim() : "";
  if (RECORD_PATH.test(path)) return "record";
  const section = SECTION_PATH.exec(path);
  if (section) {
    const name = section[1]!;
    const item = section[2];
    if (item === undefined) return SECTIONS.has(name) ? name : `section:${name}`;
    if (name === "work" || name === "funding") return name;
    return `section:${name}`;
  }
  if ("bulk" in doc) return "bulk";
  if ("orcid-identifier" in doc || "activities-summary" in doc) return "record";
  if ("num-found" in doc) return "search";
  if (Array.isArray(doc.group)) {
    const first = doc.group.find(isObject);
    if (first === undefined) return "groups";
    if ("work-summary" in first) return "works";
    if ("funding-summary" in first) return "fundings";
    if ("peer-review-group" in first) return "section:peer-reviews";
    return "unknown";
  }
  if ("affiliation-group" in doc) return "affiliations";
  if ("name" in doc && "other-names" in doc) return "person";
  if ("put-code" in doc) {
    if ("organization" in doc || "amount" in doc) return "funding";
    if ("journal-title" in doc || "publication-date" in doc || "contributors" in doc) return "work";
  }
  return "unknown";
}

/** ORCID's error body (any API version), as a message; undefined when the document is not one. */
function orcidError(doc: Record<string, unknown>): string | undefined {
  if ("response-code" in doc || ("error-code" in doc && "developer-message" in doc)) {
    const status = doc["response-code"];
    const code = asString(doc["error-code"]);
    const message =
      text(asString(doc["developer-message"])) ?? text(asString(doc["user-message"])) ?? "no message";
    const codes = [
      typeof status === "number" ? `HTTP ${status}` : "",
      code === undefined ? "" : `error-code ${code}`,
    ]
      .filter(Boolean)
      .join(", ");
    return `ORCID error${codes ? ` (${codes})` : ""} instead of data: ${message}`;
  }
  const legacy = doc["error-desc"];
  if (isObject(legacy) || typeof legacy === "string") {
    const message = typeof legacy === "string" ? legacy : asString(legacy.value);
    return `ORCID error instead of data: ${text(message) ?? "no message"}`;
  }
  return undefined;
}

// v2.x wrote these enumerations in upper case (JOURNAL_ARTICLE, SELF, PUBLIC); v3.0 writes lower case.
const ENUM_KEYS = new Set([
  "type",
  "visibility",
  "external-id-relationship",
  "contributor-role",
  "contributor-sequence",
  "citation-type",
  "relationship",
]);
const UPPER_CASE_ENUM = /^[A-Z]+(?:_[A-Z]+)*$/;

/** The older API version the document is in, in words; undefined for v3.0 (or nothing to tell by). */
function legacyVersion(doc: Record<string, unknown>): string | undefined {
  if ("message-version" in doc || "orcid-profile" in doc) {
    const version = asString(doc["message-version"]);
    return `an ORCID API v1.x document${version ? ` (message-version ${version})` : ""}`;
  }
  if (Array.isArray(doc["employment-summary"]) || Array.isArray(doc["education-summary"])) {
    return "an ORCID API v2.x document (a flat employment-summary list where v3.0 has affiliation-group)";
  }
  const found = findUpperCaseEnum(doc, 0);
  if (found) {
    return `an ORCID API v2.x document (${found.key} "${found.value}" is v2.x's upper-case form)`;
  }
  return undefined;
}

function findUpperCaseEnum(value: unknown, depth: number): { key: string; value: string } | undefined {
  if (depth > 40) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUpperCaseEnum(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (ENUM_KEYS.has(key) && typeof child === "string" && UPPER_CASE_ENUM.test(child))
      return { key, value: child };
    const found = findUpperCaseEnum(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The name of an XML document's first element, past any declaration, doctype and comments. */
function rootElement(xml: string): string | undefined {
  const prolog =
    /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<([A-Za-z_][\w.:-]*)/i;
  return prolog.exec(xml)?.[1];
}

// ---------------------------------------------------------------------------------------------
// Shapes (every field ORCID may leave null is nullish; unknown fields are ignored)

const nullableText = z.string().nullish();
const stringValue = z.object({ value: nullableText }).nullish();
const epochValue = z.object({ value: z.number().nullish() }).nullish();
const datePart = z.object({ value: z.union([z.string(), z.number()]).nullish() }).nullish();
const dateSchema = z.object({ year: datePart, month: datePart, day: datePart }).nullish();
const identifierSchema = z.object({ uri: nullableText, path: nullableText }).nullish();
const displayIndex = z.union([z.string(), z.number()]).nullish();
const putCode = z.number().int();

const externalIdsSchema = z
  .object({
    "external-id": z
      .array(
        z.object({
          "external-id-type": nullableText,
          "external-id-value": nullableText,
          "external-id-normalized": stringValue,
          "external-id-normalized-error": z.object({ "error-message": nullableText }).nullish(),
          "external-id-url": stringValue,
          "external-id-relationship": nullableText,
        }),
      )
      .nullish(),
  })
  .nullish();

const sourceSchema = z
  .object({
    "source-orcid": identifierSchema,
    "source-client-id": identifierSchema,
    "source-name": stringValue,
    "assertion-origin-orcid": identifierSchema,
  })
  .nullish();

const organizationSchema = z
  .object({
    name: nullableText,
    address: z.object({ city: nullableText, region: nullableText, country: nullableText }).nullish(),
    "disambiguated-organization": z
      .object({
        "disambiguated-organization-identifier": nullableText,
        "disambiguation-source": nullableText,
      })
      .nullish(),
  })
  .nullish();

const workSummaryFields = {
  "put-code": putCode,
  "last-modified-date": epochValue,
  source: sourceSchema,
  title: z.object({ title: stringValue, subtitle: stringValue, "translated-title": stringValue }).nullish(),
  "external-ids": externalIdsSchema,
  url: stringValue,
  type: z.string(),
  "publication-date": dateSchema,
  "journal-title": stringValue,
  visibility: nullableText,
  path: nullableText,
  "display-index": displayIndex,
};

const workSummarySchema = z.object(workSummaryFields);

const workSchema = z.object({
  ...workSummaryFields,
  "short-description": nullableText,
  citation: z.object({ "citation-type": nullableText, "citation-value": nullableText }).nullish(),
  contributors: z
    .object({
      contributor: z
        .array(
          z.object({
            "contributor-orcid": identifierSchema,
            "credit-name": stringValue,
            "contributor-attributes": z
              .object({ "contributor-sequence": nullableText, "contributor-role": nullableText })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  "language-code": nullableText,
  country: stringValue,
});

const worksSchema = z.object({
  group: z.array(z.object({ "external-ids": externalIdsSchema, "work-summary": z.array(workSummarySchema) })),
});

const errorSchema = z.object({
  "response-code": z.number().nullish(),
  "developer-message": nullableText,
  "user-message": nullableText,
  "error-code": z.union([z.number(), z.string()]).nullish(),
});

const bulkSchema = z.object({ bulk: z.array(z.record(z.string(), z.unknown())) });

const fundingSummaryFields = {
  "put-code": putCode,
  "last-modified-date": epochValue,
  source: sourceSchema,
  title: z.object({ title: stringValue, "translated-title": stringValue }).nullish(),
  "external-ids": externalIdsSchema,
  url: stringValue,
  type: z.string(),
  "start-date": dateSchema,
  "end-date": dateSchema,
  organization: organizationSchema,
  visibility: nullableText,
  path: nullableText,
  "display-index": displayIndex,
};

const fundingSummarySchema = z.object(fundingSummaryFields);

const fundingSchema = z.object({
  ...fundingSummaryFields,
  "organization-defined-type": stringValue,
  "short-description": nullableText,
  amount: z
    .object({
      value: z.union([z.string(), z.number()]).transform(String).nullish(),
      "currency-code": nullableText,
    })
    .nullish(),
  contributors: z
    .object({
      contributor: z
        .array(
          z.object({
            "contributor-orcid": identifierSchema,
            "credit-name": stringValue,
            "contributor-attributes": z.object({ "contributor-role": nullableText }).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

const fundingsSchema = z.object({
  group: z.array(
    z.object({ "external-ids": externalIdsSchema, "funding-summary": z.array(fundingSummarySchema) }),
  ),
});

const lastModifiedSchema = z
  .object({ "last-modified-date": z.object({ value: z.number().nullish() }).nullish() })
  .nullish();

const searchSchema = z.object({
  "num-found": z.number().int().min(0),
  result: z.array(z.object({ "orcid-identifier": identifierSchema })).nullish(),
});

const recordDatesSchema = z.object({
  history: lastModifiedSchema,
  person: lastModifiedSchema,
  "activities-summary": lastModifiedSchema,
});

const personSchema = z.object({
  name: z
    .object({
      "given-names": stringValue,
      "family-name": stringValue,
      "credit-name": stringValue,
      path: nullableText,
    })
    .nullish(),
  "other-names": z.object({ "other-name": z.array(z.object({ content: nullableText })).nullish() }).nullish(),
  path: nullableText,
});

const employmentsSchema = z.object({
  "affiliation-group": z.array(
    z.object({
      summaries: z.array(
        z.object({
          "employment-summary": z.object({
            "put-code": putCode,
            source: sourceSchema,
            "department-name": nullableText,
            "role-title": nullableText,
            "start-date": dateSchema,
            "end-date": dateSchema,
            organization: organizationSchema,
            visibility: nullableText,
            path: nullableText,
          }),
        }),
      ),
    }),
  ),
});

function read<T>(schema: z.ZodType<T>, value: unknown, what: string, at = ""): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [at, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".") || "(root)";
  throw new OrcidParseError(
    `not the ORCID v3.0 shape of ${what}: at ${where}: ${issue?.message ?? "unexpected shape"}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Records

type WorkSummaryJson = z.infer<typeof workSummarySchema>;
type WorkJson = z.infer<typeof workSchema>;
type FundingSummaryJson = z.infer<typeof fundingSummarySchema>;

function toWorkSummary(summary: WorkSummaryJson): OrcidWorkSummary {
  return {
    putCode: summary["put-code"],
    type: summary.type.trim(),
    ...defined({
      title: text(summary.title?.title?.value),
      subtitle: text(summary.title?.subtitle?.value),
      translatedTitle: text(summary.title?.["translated-title"]?.value),
      journalTitle: text(summary["journal-title"]?.value),
      publicationDate: toDate(summary["publication-date"]),
    }),
    externalIds: toExternalIds(summary["external-ids"]),
    ...defined({ url: text(summary.url?.value) }),
    source: toSource(summary.source),
    ...defined({
      visibility: text(summary.visibility),
      path: text(summary.path),
      displayIndex: toInteger(summary["display-index"]),
      lastModified: summary["last-modified-date"]?.value ?? undefined,
    }),
  };
}

function toWork(work: WorkJson): OrcidWork {
  const citationType = text(work.citation?.["citation-type"]);
  const citationValue = text(work.citation?.["citation-value"]);
  return {
    ...toWorkSummary(work),
    contributors: (work.contributors?.contributor ?? []).map((contributor): OrcidContributor => {
      const attributes = contributor["contributor-attributes"];
      const written = text(attributes?.["contributor-sequence"])?.toLowerCase();
      const sequence: OrcidContributor["sequence"] =
        written === "first" || written === "additional" ? written : undefined;
      return defined({
        name: text(contributor["credit-name"]?.value),
        orcid: toOrcid(contributor["contributor-orcid"]),
        role: text(attributes?.["contributor-role"]),
        sequence,
      });
    }),
    ...defined({
      citation: citationType && citationValue ? { type: citationType, value: citationValue } : undefined,
      shortDescription: text(work["short-description"]),
      languageCode: text(work["language-code"]),
      country: text(work.country?.value),
    }),
  };
}

function toFundingSummary(summary: FundingSummaryJson): OrcidFundingSummary {
  return {
    putCode: summary["put-code"],
    type: summary.type.trim(),
    ...defined({
      title: text(summary.title?.title?.value),
      translatedTitle: text(summary.title?.["translated-title"]?.value),
      organization: toOrganization(summary.organization),
    }),
    externalIds: toExternalIds(summary["external-ids"]),
    ...defined({
      startDate: toDate(summary["start-date"]),
      endDate: toDate(summary["end-date"]),
      url: text(summary.url?.value),
    }),
    source: toSource(summary.source),
    ...defined({
      visibility: text(summary.visibility),
      path: text(summary.path),
      displayIndex: toInteger(summary["display-index"]),
      lastModified: summary["last-modified-date"]?.value ?? undefined,
    }),
  };
}

function toBulkError(error: z.infer<typeof errorSchema>): OrcidBulkError {
  const message = text(error["developer-message"]) ?? text(error["user-message"]) ?? "no message";
  return defined({
    putCode: putCodeNamedIn(message),
    status: error["response-code"] ?? undefined,
    errorCode: toInteger(error["error-code"]),
    message,
  });
}

/** e.g. "Full validation error: '1234' is not a valid put code". */
function putCodeNamedIn(message: string): number | undefined {
  const match =
    /'(\d+)' is not a valid put[- ]?code/i.exec(message) ?? /put[- ]?code[^\d']{0,12}'?(\d+)/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

function matchUnnamedError(errors: OrcidBulkError[], works: OrcidWork[], requested: readonly number[]): void {
  const unnamed = errors.filter((error) => error.putCode === undefined);
  if (unnamed.length !== 1) return;
  const answered = new Set([
    ...works.map((work) => work.putCode),
    ...errors.flatMap((error) => error.putCode ?? []),
  ]);
  const unanswered = [...new Set(requested)].filter((code) => !answered.has(code));
  if (unanswered.length === 1) unnamed[0]!.putCode = unanswered[0];
}

function toExternalIds(ids: z.infer<typeof externalIdsSchema>): OrcidExternalId[] {
  return (ids?.["external-id"] ?? []).flatMap((id) => {
    const type = text(id["external-id-type"])?.toLowerCase();
    const value = text(id["external-id-value"]);
    if (type === undefined || value === undefined) return [];
    return [
      defined({
        type,
        value,
        normalized: text(id["external-id-normalized"]?.value),
        normalizationError: text(id["external-id-normalized-error"]?.["error-message"]),
        url: text(id["external-id-url"]?.value),
        relationship: text(id["external-id-relationship"])?.toLowerCase(),
      }),
    ];
  });
}

function toSource(source: z.infer<typeof sourceSchema>): OrcidSource {
  return defined({
    name: text(source?.["source-name"]?.value),
    orcid: toOrcid(source?.["source-orcid"]),
    clientId: text(source?.["source-client-id"]?.path),
    assertionOriginOrcid: toOrcid(source?.["assertion-origin-orcid"]),
  });
}

function toOrganization(organization: z.infer<typeof organizationSchema>): OrcidOrganization | undefined {
  const name = text(organization?.name);
  if (name === undefined) return undefined;
  const disambiguation = organization?.["disambiguated-organization"];
  return defined({
    name,
    city: text(organization?.address?.city),
    region: text(organization?.address?.region),
    country: text(organization?.address?.country),
    disambiguatedId: text(disambiguation?.["disambiguated-organization-identifier"]),
    disambiguationSource: text(disambiguation?.["disambiguation-source"]),
  });
}

function toOrcid(identifier: z.infer<typeof identifierSchema>): string | undefined {
  return normalizeOrcid(identifier?.path) ?? normalizeOrcid(identifier?.uri);
}

/** Parts that are not numbers in range are left out: ORCID lets any part be missing anyway. */
function toDate(date: z.infer<typeof dateSchema>): OrcidDate | undefined {
  if (!date) return undefined;
  const result = defined({
    year: datePartValue(date.year, 1, 9999),
    month: datePartValue(date.month, 1, 12),
    day: datePartValue(date.day, 1, 31),
  });
  return Object.keys(result).length === 0 ? undefined : result;
}

function datePartValue(part: z.infer<typeof datePart>, min: number, max: number): number | undefined {
  const raw = part?.value;
  if (raw === undefined || raw === null) return undefined;
  const digits = String(raw).trim();
  if (!/^\d{1,4}$/.test(digits)) return undefined;
  const number = Number(digits);
  return number >= min && number <= max ? number : undefined;
}

function toInteger(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) ? number : undefined;
}

/** Trimmed text; undefined when absent or blank. */
function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** The object without its undefined properties, so records print and compare as ORCID gave them. */
function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Defined<T>;
}
