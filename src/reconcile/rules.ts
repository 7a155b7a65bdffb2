/**
 * The classification rules: a versioned JSON file (config/classification.json by default) saying
 * which publication types count as peer-reviewed, which venues are national, and how grant roles
 * count. Loaded and validated here; applied by classify.ts.
 */

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { UserError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import type { GrantRole } from "../sources/candidate.ts";
import { normalizePhrase, PRESENTATION_SCOPES } from "./scope.ts";

export const DEFAULT_RULES_PATH = projectPath("config", "classification.json");

export const GRANT_ROLES = [
  "pi",
  "multiple_pi",
  "co_investigator",
  "other",
] as const satisfies readonly GrantRole[];
export const GRANT_METRICS = ["grants_pi_or_coi", "grants_other"] as const;
/** A presentation whose venue matches no listed meeting may be given this scope. */
export const UNKNOWN_SCOPE = "unknown";

const comment = z.string().optional();
const name = z.string().trim().min(1, "must not be empty");
const names = z.array(name);
const scopeEnum = z.enum(PRESENTATION_SCOPES);

const scopeEntry = z.strictObject({
  $comment: comment,
  name,
  note: z.string().optional(),
  match: z.array(name).min(1, "must list at least one acronym or name"),
});

const rulesSchema = z
  .strictObject({
    $comment: comment,
    version: name,
    peerReviewed: z.strictObject({
      $comment: comment,
      pubmedTypes: names,
      excludedPubmedTypes: names,
      orcidTypes: names,
      excludedOrcidTypes: names,
      preprintPubmedTypes: names,
      preprintOrcidTypes: names,
    }),
    notCounted: z.strictObject({
      $comment: comment,
      retractedPubmedTypes: names,
      noticePubmedTypes: names,
    }),
    presentations: z.strictObject({
      $comment: comment,
      orcidTypes: names,
      scopeOrder: z.array(scopeEnum),
      countAsNational: z.array(scopeEnum),
      defaultScope: z.enum([...PRESENTATION_SCOPES, UNKNOWN_SCOPE]),
      scopes: z.strictObject({
        $comment: comment,
        international: z.array(scopeEntry),
        national: z.array(scopeEntry),
        regional: z.array(scopeEntry),
        local: z.array(scopeEntry),
      }),
    }),
    grants: z.strictObject({
      $comment: comment,
      roles: z.strictObject({
        $comment: comment,
        pi: z.enum(GRANT_METRICS),
        multiple_pi: z.enum(GRANT_METRICS),
        co_investigator: z.enum(GRANT_METRICS),
        other: z.enum(GRANT_METRICS),
      }),
      roleNames: z.strictObject({
        $comment: comment,
        pi: names,
        multiple_pi: names,
        co_investigator: names,
        other: names,
      }),
      unknownRole: z.enum(GRANT_ROLES),
    }),
  })
  .superRefine((rules, ctx) => {
    const { peerReviewed: pr, notCounted: nc, presentations, grants } = rules;
    // A type in two lists would be decided by whichever list the code happens to read first.
    noSharedValues(ctx, normalizeType, [
      [["peerReviewed", "pubmedTypes"], pr.pubmedTypes],
      [["peerReviewed", "excludedPubmedTypes"], pr.excludedPubmedTypes],
      [["peerReviewed", "preprintPubmedTypes"], pr.preprintPubmedTypes],
      [["notCounted", "retractedPubmedTypes"], nc.retractedPubmedTypes],
      [["notCounted", "noticePubmedTypes"], nc.noticePubmedTypes],
    ]);
    noSharedValues(ctx, normalizeType, [
      [["peerReviewed", "orcidTypes"], pr.orcidTypes],
      [["peerReviewed", "excludedOrcidTypes"], pr.excludedOrcidTypes],
      [["peerReviewed", "preprintOrcidTypes"], pr.preprintOrcidTypes],
    ]);
    noSharedValues(
      ctx,
      normalizePhrase,
      PRESENTATION_SCOPES.flatMap((scope) =>
        presentations.scopes[scope].map((entry, index): ListAt => [
          ["presentations", "scopes", scope, index, "match"],
          entry.match,
        ]),
      ),
    );
    noSharedValues(
      ctx,
      normalizeRoleName,
      GRANT_ROLES.map((role): ListAt => [["grants", "roleNames", role], grants.roleNames[role]]),
    );
    const order = presentations.scopeOrder;
    const missing = PRESENTATION_SCOPES.filter((scope) => !order.includes(scope));
    if (missing.length > 0 || order.length !== PRESENTATION_SCOPES.length)
      ctx.addIssue({
        code: "custom",
        path: ["presentations", "scopeOrder"],
        message: `must list each of ${PRESENTATION_SCOPES.join(", ")} once (missing: ${missing.join(", ") || "none"}; given ${order.length})`,
      });
  });

export type ClassificationRules = z.output<typeof rulesSchema>;

/** The rules file cannot be read, is not JSON, or does not say what the rules must say. */
/** The rules file (CLASSIFICATION_RULES_PATH) cannot be used: a configuration error, exit code 2. */
export class ClassificationRulesError extends UserError {
  override name = "ClassificationRulesError";
  constructor(message: string) {
    super(message, 2);
  }
}

/** Reads and validates a rules file (the default rules when no path is given). */
export function loadClassificationRules(file: string = DEFAULT_RULES_PATH): ClassificationRules {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ClassificationRulesError(
      `Cannot read the classification rules ${file}: ${errorMessage(error)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClassificationRulesError(
      `The classification rules ${file} are not valid JSON: ${errorMessage(error)}`,
    );
  }
  return parseClassificationRules(value, file);
}

/** Validates rules already parsed from JSON; `source` names them in errors (a file path, "database"). */
export function parseClassificationRules(value: unknown, source: string): ClassificationRules {
  const parsed = rulesSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  ${formatPath(issue.path) || "(top level)"}: ${issue.message}`,
  );
  throw new ClassificationRulesError(`Invalid classification rules in ${source}:\n${lines.join("\n")}`);
}

const versions = new WeakMap<ClassificationRules, string>();

/**
 * The version an item records: the file's own `version`, and a digest of what the rules say, so
 * that an edit made without changing `version` still shows ("2026-11-29+3f9a2b1c4d5e").
 * Comments (`$comment`, `note`) are left out of the digest.
 */
export function rulesVersion(rules: ClassificationRules): string {
  let version = versions.get(rules);
  if (version === undefined) {
    const digest = createHash("sha256").update(canonicalJson(rules)).digest("hex").slice(0, 12);
    version = `${rules.version}+${digest}`;
    versions.set(rules, version);
  }
  return version;
}

/** PubMed and ORCID types compare without regard to case or surrounding space. */
export function normalizeType(type: string): string {
  return type.trim().toLowerCase();
}

/** "Co-I", "co I" and "CO_I" are one role name. */
export function normalizeRoleName(role: string): string {
  return normalizePhrase(role.replace(/_/g, " "));
}

type Path = readonly (string | number)[];
type ListAt = readonly [Path, readonly string[]];

function noSharedValues(
  ctx: z.RefinementCtx,
  normalize: (value: string) => string,
  lists: readonly ListAt[],
): void {
  const seen = new Map<string, Path>();
  for (const [path, values] of lists) {
    values.forEach((value, index) => {
      const key = normalize(value);
      const at = [...path, index];
      if (key === "") {
        ctx.addIssue({ code: "custom", path: at, message: `"${value}" has no letters or digits to match` });
        return;
      }
      const first = seen.get(key);
      if (first) {
        ctx.addIssue({
          code: "custom",
          path: at,
          message: `"${value}" is already listed at ${formatPath(first)}`,
        });
      } else seen.set(key, at);
    });
  }
}

/** ["presentations", "scopes", "national", 3, "match", 0] → "presentations.scopes.national[3].match[0]". */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([key, field]) => key !== "$comment" && key !== "note" && field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
