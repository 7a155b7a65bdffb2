import type { Evidence } from "../identity/evidence.ts";
import { parsePersonName } from "../identity/names.ts";
import type { CandidateContributor, CandidateItem } from "../sources/candidate.ts";
import { careerEvidence } from "./evidence.ts";
import { isInstitutionalGrant, parseGrantNumber, type GrantNumber } from "./grant-numbers.ts";
import { matchName, type NameMatch } from "./name-match.ts";
import type { FacultyProfile } from "./profile.ts";
import type { ScoringContext } from "./score-articles.ts";
import { decide, DEFAULT_THRESHOLDS, scoreEvidence, type LinkStatus, type Thresholds } from "./score.ts";
import { findTerm } from "../identity/terms.ts";
import { WEIGHTS } from "./weights.ts";

/** A RePORTER grant found for the person, as the harvest hands it over. */
export interface GrantLinkCandidate {
  /** The collapsed grant (src/sources/reporter/map.ts): core project number, years, PIs as contributors. */
  candidate: CandidateItem;
  /** How the harvest matched the person on it (ReporterGrantMatch.evidence); absent when it did not. */
  match?: { kind: "profile_id" | "name"; reason: string; profileId?: number };
  /** The awardee organisation as RePORTER names it ("NORTHBRIDGE UNIVERSITY"), when the caller has it. */
  organization?: string;
}

export interface GrantScore {
  /** 0-100: 50 plus the evidence weights, clamped. */
  score: number;
  status: LinkStatus;
  evidence: Evidence[];
}

/**
 * Scores a link between the person and an NIH award: their confirmed RePORTER profile id decides;
 * otherwise the PI's name against theirs, the awardee organisation, the award among their own grants
 * (ORCID fundings) or acknowledged on their accepted articles, and the award's start against their
 * career. `profile.grants` should hold only grants known from elsewhere (ORCID fundings, awards
 * confirmed by profile id or by a person), never one this link itself put there.
 */
export function scoreGrantLink(
  profile: FacultyProfile,
  link: GrantLinkCandidate,
  context: Pick<ScoringContext, "accepted">,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): GrantScore {
  const { candidate, match } = link;
  const evidence: Evidence[] = [];
  if (match?.kind === "profile_id") {
    evidence.push({
      kind: "reporter_profile_id",
      weight: WEIGHTS.reporterProfileId,
      reason: match.reason,
      ...(match.profileId !== undefined ? { reporterProfileId: match.profileId } : {}),
    });
  } else {
    if (match) {
      evidence.push({
        kind: "reporter_name",
        weight: 0,
        reason: match.reason,
        ...(match.profileId !== undefined ? { reporterProfileId: match.profileId } : {}),
      });
    }
    if (
      profile.reporterProfileId !== null &&
      match?.profileId !== undefined &&
      match.profileId !== profile.reporterProfileId
    ) {
      evidence.push({
        kind: "reporter_profile_conflict",
        weight: WEIGHTS.reporterProfileConflict,
        reason: `the PI's RePORTER profile id ${match.profileId} is not theirs (${profile.reporterProfileId})`,
      });
    }
    evidence.push(...piNameEvidence(profile, candidate.contributors));
    evidence.push(...organizationEvidence(profile, link.organization));
  }

  const number = grantNumberOf(candidate);
  if (number) evidence.push(...grantEvidence(profile, number, context));
  const start = candidate.grant?.startYear ?? candidate.year;
  evidence.push(...careerEvidence(profile, start, "started"));

  const { score } = scoreEvidence(evidence);
  return { score, status: decide(score, thresholds), evidence };
}

function grantNumberOf(candidate: CandidateItem): GrantNumber | undefined {
  const grant = candidate.grant;
  return (
    parseGrantNumber(grant?.coreProjectNumber) ??
    parseGrantNumber(grant?.grantNumber) ??
    parseGrantNumber(
      candidate.otherIds.find((id) => id.type === "grant_number" && id.relationship === undefined)?.value,
    )
  );
}

/** The PI whose name best fits the person's, and how well. */
function piNameEvidence(profile: FacultyProfile, contributors: readonly CandidateContributor[]): Evidence[] {
  const investigators = contributors.filter((person) => /investigator|leader|pi\b/i.test(person.role ?? ""));
  let best: NameMatch | undefined;
  for (const person of investigators.length > 0 ? investigators : contributors) {
    const parsed = parsePersonName(person.name);
    if (!parsed) continue;
    const found = matchName(profile.forms, {
      lastName: parsed.last,
      foreName: parsed.given.join(" "),
      display: person.name,
    });
    if (found && (!best || found.weight > best.weight)) best = found;
  }
  if (!best) {
    return [
      {
        kind: "no_author_matched",
        weight: WEIGHTS.noAuthorMatched,
        reason: "no principal investigator has a name that fits theirs",
      },
    ];
  }
  return best.evidence;
}

function organizationEvidence(profile: FacultyProfile, organization: string | undefined): Evidence[] {
  if (!organization) return [];
  const home = findTerm(organization, profile.homeTerms);
  if (home) {
    return [
      {
        kind: "reporter_organization",
        weight: WEIGHTS.reporterHomeOrganization,
        reason: `awarded to ${organization}, their home institution ("${home}")`,
      },
    ];
  }
  const past = findTerm(organization, profile.pastTerms);
  return past
    ? [
        {
          kind: "reporter_organization",
          weight: WEIGHTS.reporterPastOrganization,
          reason: `awarded to ${organization}, a past employer of theirs ("${past}")`,
        },
      ]
    : [];
}

/** The award among their own grants, or acknowledged on their accepted articles. */
function grantEvidence(
  profile: FacultyProfile,
  number: GrantNumber,
  context: Pick<ScoringContext, "accepted">,
): Evidence[] {
  const evidence: Evidence[] = [];
  if (profile.grants.some((grant) => grant.key === number.key)) {
    evidence.push({
      kind: "grant_own",
      weight: WEIGHTS.grantOwn,
      reason: `${number.display} is listed among their own grants`,
    });
  }
  const acknowledging = new Set<string>();
  for (const item of context.accepted) {
    const record = item.record;
    if (record && record.grants.some(({ grantId }) => parseGrantNumber(grantId)?.key === number.key))
      acknowledging.add(record.pmid);
  }
  if (acknowledging.size > 0) {
    const institutional = isInstitutionalGrant(number);
    evidence.push({
      kind: "grant_on_accepted",
      weight: institutional ? WEIGHTS.grantInstitutional : WEIGHTS.grantOnAcceptedArticles,
      reason: `${number.display} is acknowledged on ${acknowledging.size} of their accepted articles${institutional ? " (an institutional grant)" : ""}`,
    });
  }
  return evidence;
}
