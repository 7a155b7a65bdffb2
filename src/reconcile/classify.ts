/**
 * Which metric a merged item counts in for one faculty member, and why: the rule that decided and
 * the version of the rules, for `scholartrack items why`. Pure; the rules come from rules.ts.
 *
 * Precedence, publications (the first that applies decides):
 *   1. retracted, or a notice (erratum, retraction notice, expression of concern, or a comment the
 *      merge linked to its target): never counted; the merge's own finding that it is a conference
 *      abstract or only a preprint: another publication;
 *   2. PubMed types, when PubMed has the item and lists a type the rules name; an excluded type
 *      (Letter, Comment, Meeting Abstract, ...) wins over a counted one;
 *   3. ORCID work types, the same way;
 *   4. a preprint type (PubMed Preprint, ORCID preprint) when nothing above decided: another
 *      publication. Merged with its published version, the published version's types decide in 2-3;
 *   5. the CV row's own peer_reviewed yes/no;
 *   6. otherwise another publication.
 * Presentations: the item's own scope (per-item override, or the CV row's), else the venue (see
 * scope.ts), else the rules' default scope. Grants: the faculty member's role on their link, else
 * the merged grant's role, else the rules' unknown role.
 */

import type { AuthorPosition } from "../identity/evidence.ts";
import type { CandidateKind, GrantRole } from "../sources/candidate.ts";
import {
  GRANT_ROLES,
  normalizeRoleName,
  normalizeType,
  rulesVersion,
  UNKNOWN_SCOPE,
  type ClassificationRules,
} from "./rules.ts";
import { scopeOfVenue, type PresentationScope } from "./scope.ts";

/** The metric names reports and JSON use; a public contract. */
export const METRICS = [
  "peer_reviewed_publications",
  "other_publications",
  "national_presentations",
  "other_presentations",
  "grants_pi_or_coi",
  "grants_other",
] as const;
export type Metric = (typeof METRICS)[number];

export type { AuthorPosition };
export type ClassifiedScope = PresentationScope | typeof UNKNOWN_SCOPE;

/** The merged view of an item as counted. */
export interface ClassifiableItem {
  kind: CandidateKind;
  title: string;
  year?: number;
  venue?: string;
  /** PubMed publication types. */
  publicationTypes: string[];
  /** ORCID work types, "cv", RePORTER activity codes: each source's own type. */
  sourceTypes: string[];
  sources: string[];
  /** A CV row's own assertion. */
  peerReviewed?: boolean;
  /** A per-item override, or a CV row's own scope. */
  scope?: PresentationScope;
  role?: GrantRole;
  retracted?: boolean;
  /** An erratum, retraction notice or comment, linked to the item it is about. */
  isNotice?: boolean;
  /** The merge found only preprint versions (e.g. by a preprint server's DOI, whatever ORCID calls it). */
  preprint?: boolean;
  /** The merge found a conference abstract (e.g. in a journal supplement), whatever its types say. */
  conferenceAbstract?: boolean;
}

/** One faculty member's link to the item. */
export interface PersonLink {
  authorPosition?: AuthorPosition;
  equalContribution?: boolean;
  /** Their role as a source or CV writes it ("Co-I", "principal-investigator", "multiple_pi"). */
  role?: string;
}

export interface Classification {
  metric: Metric | null;
  counted: boolean;
  /** The rule that decided, as the rules file names it: "presentations.scopes.national: SGIM". */
  rule: string;
  rulesVersion: string;
  /** A sentence for `items why`. */
  reason: string;
  scope?: ClassifiedScope;
  authorPosition?: AuthorPosition;
  equalContribution?: boolean;
}

interface Verdict {
  metric: Metric | null;
  rule: string;
  reason: string;
  scope?: ClassifiedScope;
}

export function classifyItem(
  item: ClassifiableItem,
  link: PersonLink,
  rules: ClassificationRules,
): Classification {
  const verdict = notCounted(item, rules) ?? verdictByKind(item, link, rules);
  const classification: Classification = {
    metric: verdict.metric,
    counted: verdict.metric !== null,
    rule: verdict.rule,
    rulesVersion: rulesVersion(rules),
    reason: verdict.reason,
  };
  if (verdict.scope !== undefined) classification.scope = verdict.scope;
  if (item.kind !== "grant") {
    if (link.authorPosition !== undefined) classification.authorPosition = link.authorPosition;
    if (link.equalContribution !== undefined) classification.equalContribution = link.equalContribution;
  }
  return classification;
}

/** "publication" or "presentation" for an ORCID work type, as the rules list presentation types. */
export function orcidWorkKind(type: string, rules: ClassificationRules): "publication" | "presentation" {
  return findType([type], rules.presentations.orcidTypes) ? "presentation" : "publication";
}

/** The lines `items why` prints for one classification. */
export function describeClassification(classification: Classification): string[] {
  const lines = [
    `counted: ${classification.counted ? `yes, in ${classification.metric ?? ""}` : "no"}`,
    `rule: ${classification.rule}`,
    `rules version: ${classification.rulesVersion}`,
    `why: ${classification.reason}`,
  ];
  if (classification.scope !== undefined) lines.push(`scope: ${classification.scope}`);
  if (classification.authorPosition !== undefined || classification.equalContribution !== undefined)
    lines.push(
      `author position: ${classification.authorPosition ?? "unknown"}${classification.equalContribution ? " (equal contribution)" : ""}`,
    );
  return lines;
}

function verdictByKind(item: ClassifiableItem, link: PersonLink, rules: ClassificationRules): Verdict {
  switch (item.kind) {
    case "publication":
      return publicationVerdict(item, rules);
    case "presentation":
      return presentationVerdict(item, rules);
    case "grant":
      return grantVerdict(item, link, rules);
    default:
      return unreachable(item.kind);
  }
}

function notCounted(item: ClassifiableItem, rules: ClassificationRules): Verdict | undefined {
  const retractedType = findType(item.publicationTypes, rules.notCounted.retractedPubmedTypes);
  if (item.retracted || retractedType)
    return {
      metric: null,
      rule: retractedType
        ? `not counted: retracted (notCounted.retractedPubmedTypes: ${retractedType})`
        : "not counted: retracted",
      reason: `It has been retracted${retractedType ? ` (PubMed: ${retractedType})` : ""}; retracted work is never counted.`,
    };
  const noticeType = findType(item.publicationTypes, rules.notCounted.noticePubmedTypes);
  if (item.isNotice || noticeType)
    return {
      metric: null,
      rule: noticeType
        ? `not counted: notice (notCounted.noticePubmedTypes: ${noticeType})`
        : "not counted: notice",
      reason: `It is a notice about another item${noticeType ? ` (PubMed: ${noticeType})` : " (an erratum, retraction notice or comment linked to its target)"}; notices are never counted.`,
    };
  return undefined;
}

function publicationVerdict(item: ClassifiableItem, rules: ClassificationRules): Verdict {
  if (item.conferenceAbstract)
    return {
      metric: "other_publications",
      rule: "not peer-reviewed: conference abstract",
      reason:
        "It is a conference abstract, which is not a peer-reviewed publication; it counts in other_publications.",
    };
  if (item.preprint)
    return {
      metric: "other_publications",
      rule: "not peer-reviewed: preprint only",
      reason:
        "Every version merged into it is a preprint, which is not peer-reviewed; it counts in other_publications until merged with its published version.",
    };
  const pr = rules.peerReviewed;
  const byPubmed = typeVerdict(
    "PubMed",
    "Pubmed",
    item.publicationTypes,
    pr.pubmedTypes,
    pr.excludedPubmedTypes,
  );
  if (byPubmed) return byPubmed;
  const byOrcid = typeVerdict("ORCID", "Orcid", item.sourceTypes, pr.orcidTypes, pr.excludedOrcidTypes);
  if (byOrcid) return byOrcid;

  const preprint = findType(item.publicationTypes, pr.preprintPubmedTypes);
  const orcidPreprint = preprint ? undefined : findType(item.sourceTypes, pr.preprintOrcidTypes);
  if (preprint || orcidPreprint)
    return {
      metric: "other_publications",
      rule: preprint
        ? `peerReviewed.preprintPubmedTypes: ${preprint}`
        : `peerReviewed.preprintOrcidTypes: ${orcidPreprint ?? ""}`,
      reason: `It is known only as a preprint (${preprint ? "PubMed" : "ORCID"}: ${preprint ?? orcidPreprint ?? ""}), which is not peer-reviewed; it counts in other_publications until merged with its published version.`,
    };

  if (item.peerReviewed !== undefined)
    return item.peerReviewed
      ? {
          metric: "peer_reviewed_publications",
          rule: "cv.peer_reviewed: yes",
          reason: "No PubMed or ORCID type decides, and the CV row marks it peer-reviewed.",
        }
      : {
          metric: "other_publications",
          rule: "cv.peer_reviewed: no",
          reason: "No PubMed or ORCID type decides, and the CV row marks it not peer-reviewed.",
        };

  const types = [...item.publicationTypes, ...item.sourceTypes];
  return {
    metric: "other_publications",
    rule: "peerReviewed: no counted type",
    reason: `No source gives a type the rules count as peer-reviewed${types.length > 0 ? ` (types: ${types.join(", ")})` : ""}, and no CV row says it is; it counts in other_publications.`,
  };
}

/** A verdict from one source's types when it lists a type the rules name; excluded wins over counted. */
function typeVerdict(
  sourceName: string,
  ruleSuffix: "Pubmed" | "Orcid",
  types: readonly string[],
  counted: readonly string[],
  excluded: readonly string[],
): Verdict | undefined {
  const excludedType = findType(types, excluded);
  if (excludedType)
    return {
      metric: "other_publications",
      rule: `peerReviewed.excluded${ruleSuffix}Types: ${excludedType}`,
      reason: `${sourceName} lists it as ${excludedType}, which is not counted as peer-reviewed; it counts in other_publications.`,
    };
  const countedType = findType(types, counted);
  if (countedType)
    return {
      metric: "peer_reviewed_publications",
      rule: `peerReviewed.${ruleSuffix.toLowerCase()}Types: ${countedType}`,
      reason: `${sourceName} lists it as ${countedType}, a type counted as peer-reviewed.`,
    };
  return undefined;
}

function presentationVerdict(item: ClassifiableItem, rules: ClassificationRules): Verdict {
  const { countAsNational, scopeOrder, scopes, defaultScope } = rules.presentations;
  const metricFor = (scope: ClassifiedScope): Metric =>
    scope !== UNKNOWN_SCOPE && countAsNational.includes(scope)
      ? "national_presentations"
      : "other_presentations";
  const counts = (scope: ClassifiedScope): string => {
    const metric = metricFor(scope);
    return metric === "national_presentations"
      ? `presentations of ${listed(countAsNational)} scope count in ${metric}`
      : `presentations of ${scope} scope count in ${metric}`;
  };

  if (item.scope !== undefined)
    return {
      metric: metricFor(item.scope),
      scope: item.scope,
      rule: `item.scope: ${item.scope}`,
      reason: `The item's own scope is ${item.scope} (set on the item or its CV row, over its venue); ${counts(item.scope)}.`,
    };

  const venue = item.venue?.trim();
  const found = venue ? scopeOfVenue(venue, scopes, scopeOrder) : undefined;
  if (venue && found) {
    const { decided, passedOver } = found;
    const over = listed(passedOver.map((match) => `${match.entry} (${match.scope})`));
    return {
      metric: metricFor(decided.scope),
      scope: decided.scope,
      rule: `presentations.scopes.${decided.scope}: ${decided.entry}`,
      reason:
        `The venue "${venue}" matches "${decided.phrase}", listed under ${decided.scope} (${decided.entry})` +
        `${over ? `; ${decided.scope} comes first in scopeOrder, so ${over} ${passedOver.length > 1 ? "are" : "is"} passed over` : ""}` +
        `; ${counts(decided.scope)}.`,
    };
  }
  return {
    metric: metricFor(defaultScope),
    scope: defaultScope,
    rule: `presentations.defaultScope: ${defaultScope}`,
    reason: `${venue ? `The venue "${venue}" names no listed society or meeting` : "It has no venue"}, so its scope is ${defaultScope}; ${counts(defaultScope)}.`,
  };
}

const ROLE_NAMES: Record<GrantRole, string> = {
  pi: "PI",
  multiple_pi: "multiple PI",
  co_investigator: "co-investigator",
  other: "other",
};

function grantVerdict(item: ClassifiableItem, link: PersonLink, rules: ClassificationRules): Verdict {
  const { roles, unknownRole } = rules.grants;
  const fromLink = link.role === undefined ? undefined : grantRoleOf(link.role, rules);
  const role = fromLink ?? item.role ?? unknownRole;
  const metric = roles[role];
  const unknownLinkRole = link.role !== undefined && fromLink === undefined ? `"${link.role}"` : undefined;
  let source: string;
  if (fromLink !== undefined)
    source = `Their role on the grant is "${link.role ?? ""}", read as ${ROLE_NAMES[role]}`;
  else if (item.role !== undefined)
    source = `The grant records their role as ${ROLE_NAMES[role]}${unknownLinkRole ? ` (their link says ${unknownLinkRole}, a role the rules do not name)` : ""}`;
  else
    source = `${unknownLinkRole ? `Their role ${unknownLinkRole} is not one the rules name` : "No source gives their role"}, so it is taken as ${ROLE_NAMES[role]}`;
  const counted = GRANT_ROLES.filter((other) => roles[other] === metric).map((other) => ROLE_NAMES[other]);
  return {
    metric,
    rule:
      fromLink === undefined && item.role === undefined
        ? `grants.unknownRole: ${role}`
        : `grants.roles.${role}: ${metric}`,
    reason: `${source}; ${metric} counts ${listed(counted)} roles.`,
  };
}

/** A role as a source or CV writes it, as one of the four roles; undefined when the rules do not know it. */
export function grantRoleOf(role: string, rules: ClassificationRules): GrantRole | undefined {
  const key = normalizeRoleName(role);
  if (key === "") return undefined;
  return GRANT_ROLES.find(
    (known) =>
      normalizeRoleName(known) === key ||
      rules.grants.roleNames[known].some((name) => normalizeRoleName(name) === key),
  );
}

/** The first of `types` that `list` names, spelled as the list spells it. */
function findType(types: readonly string[], list: readonly string[]): string | undefined {
  for (const type of types) {
    const key = normalizeType(type);
    const listed = list.find((entry) => normalizeType(entry) === key);
    if (listed !== undefined) return listed;
  }
  return undefined;
}

/** "a", "a and b", "a, b and c". */
function listed(words: readonly string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
}

function unreachable(value: never): never {
  throw new Error(`unexpected item kind ${String(value)}`);
}
