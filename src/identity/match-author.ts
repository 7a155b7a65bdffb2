import type { PubmedArticleRecord, PubmedAuthor } from "../sources/pubmed/types.ts";
import { authorPosition, type AuthorPosition, type Evidence } from "./evidence.ts";
import { foldName, initialsOf, parsePersonName, type PersonName } from "./names.ts";

export interface FacultyIdentity {
  orcid?: string | null;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  nameVariants: string[];
  affiliationTerms: string[];
}

export interface AuthorMatch {
  /** Index in the article's author list, or undefined when no author could be the faculty member. */
  authorIndex?: number;
  authorPosition?: AuthorPosition;
  equalContribution: boolean;
  status: "accepted" | "pending";
  /** 0-100. */
  score: number;
  evidence: Evidence[];
}

interface NameForm {
  last: string;
  /** Folded given names. */
  given: string[];
  initials: string;
  variant: boolean;
}

function nameForms(faculty: FacultyIdentity): NameForm[] {
  const own: PersonName = {
    last: faculty.lastName,
    given: [faculty.firstName, ...(faculty.middleName ? [faculty.middleName] : [])].flatMap((name) =>
      name.split(/\s+/).filter(Boolean),
    ),
  };
  const forms = [{ name: own, variant: false }];
  for (const variant of faculty.nameVariants) {
    const parsed = parsePersonName(variant);
    if (parsed) forms.push({ name: parsed, variant: true });
  }
  return forms.map(({ name, variant }) => ({
    last: foldName(name.last),
    given: name.given.map((given) => foldName(given).replace(/\s+/g, "")).filter(Boolean),
    initials: initialsOf(name.given),
    variant,
  }));
}

/** Surnames agree when equal after folding, or when one is a hyphen/space part of the other. */
function surnamesAgree(facultyLast: string, authorLast: string): boolean {
  if (facultyLast === authorLast) return true;
  const authorParts = authorLast.split(" ");
  const facultyParts = facultyLast.split(" ");
  return (
    (facultyParts.length === 1 && authorParts.includes(facultyLast)) ||
    (authorParts.length === 1 && facultyParts.includes(authorLast))
  );
}

interface NameComparison {
  compatible: boolean;
  evidence: Evidence[];
  strength: number;
}

function compareName(form: NameForm, author: PubmedAuthor): NameComparison {
  const none: NameComparison = { compatible: false, evidence: [], strength: 0 };
  if (!author.lastName || !surnamesAgree(form.last, foldName(author.lastName))) return none;
  const authorGiven = (author.foreName ?? "")
    .split(/[\s.]+/)
    .map((part) => foldName(part).replace(/\s+/g, ""))
    .filter(Boolean);
  const authorInitials = (author.initials ?? initialsOf(authorGiven)).toUpperCase();
  const facultyFirst = form.given[0];
  const evidence: Evidence[] = [];
  if (!facultyFirst || !authorInitials) return none;
  if (authorInitials[0] !== form.initials[0]) return none;

  let strength: number;
  const authorFirst = authorGiven[0];
  if (authorFirst && authorFirst.length > 1 && facultyFirst.length > 1) {
    // Both spelled out: they must agree (allowing one to be a prefix, e.g. "Chris"/"Christopher").
    if (!(authorFirst.startsWith(facultyFirst) || facultyFirst.startsWith(authorFirst))) return none;
    evidence.push({
      kind: "full_first_name",
      weight: 35,
      reason: `first name "${author.foreName}" agrees with "${form.given[0]}"`,
    });
    strength = 35;
  } else {
    evidence.push({
      kind: "initials",
      weight: 20,
      reason: `initials ${authorInitials} agree with ${form.initials}`,
    });
    strength = 20;
  }
  const facultyMiddle = form.initials.slice(1, 2);
  const authorMiddle = authorInitials.slice(1, 2);
  if (facultyMiddle && authorMiddle) {
    if (facultyMiddle !== authorMiddle) {
      evidence.push({
        kind: "middle_initial_conflict",
        weight: -30,
        reason: `middle initial ${authorMiddle} differs from ${facultyMiddle}`,
      });
      strength -= 30;
    } else {
      evidence.push({
        kind: "middle_initial_agrees",
        weight: 10,
        reason: `middle initial ${authorMiddle} agrees`,
      });
      strength += 10;
    }
  }
  if (form.variant) {
    evidence.push({ kind: "name_variant", weight: 0, reason: "matched through a recorded name variant" });
  }
  return { compatible: true, evidence, strength };
}

function affiliationEvidence(faculty: FacultyIdentity, author: PubmedAuthor): Evidence {
  if (author.affiliations.length === 0) {
    return { kind: "no_affiliation", weight: 0, reason: "the author has no affiliation on this record" };
  }
  const folded = author.affiliations.map(foldName);
  for (const term of faculty.affiliationTerms) {
    const foldedTerm = foldName(term);
    if (foldedTerm && folded.some((affiliation) => ` ${affiliation} `.includes(` ${foldedTerm} `))) {
      return { kind: "affiliation_match", weight: 25, reason: `the author's affiliation mentions "${term}"` };
    }
  }
  return {
    kind: "affiliation_elsewhere",
    weight: -15,
    reason: "the author's affiliation names none of the faculty member's institution terms",
  };
}

const BASE_SCORE = 30;

function clampScore(score: number): number {
  return Math.max(0, Math.min(100, score));
}

/**
 * Finds which author of the article is the faculty member. An author whose ORCID is the
 * faculty member's is decisive and accepted; name-based matches are only ever pending, with the
 * evidence recorded, because name-only PubMed matches are often someone else.
 */
export function matchFacultyAuthor(faculty: FacultyIdentity, record: PubmedArticleRecord): AuthorMatch {
  const authors = record.authors;
  if (faculty.orcid) {
    const index = authors.findIndex((author) => author.orcid === faculty.orcid);
    if (index >= 0) {
      const author = authors[index]!;
      return {
        authorIndex: index,
        authorPosition: authorPosition(index, authors.length),
        equalContribution: author.equalContribution,
        status: "accepted",
        score: 100,
        evidence: [
          {
            kind: "orcid_match",
            weight: 100,
            reason: `author ${index + 1} carries the ORCID iD ${faculty.orcid}`,
          },
        ],
      };
    }
  }

  const forms = nameForms(faculty);
  let best: { index: number; comparison: NameComparison; affiliation: Evidence; score: number } | undefined;
  authors.forEach((author, index) => {
    if (author.collectiveName && !author.lastName) return;
    const comparison = forms
      .map((form) => compareName(form, author))
      .filter((candidate) => candidate.compatible)
      .sort((a, b) => b.strength - a.strength)[0];
    if (!comparison) return;
    const evidence = [...comparison.evidence];
    const affiliation = affiliationEvidence(faculty, author);
    let score = BASE_SCORE + comparison.strength + affiliation.weight;
    if (author.orcid && faculty.orcid && author.orcid !== faculty.orcid) {
      evidence.push({
        kind: "orcid_conflict",
        weight: -100,
        reason: `the author carries a different ORCID iD (${author.orcid})`,
      });
      score -= 100;
    }
    score = clampScore(score);
    if (!best || score > best.score)
      best = { index, comparison: { ...comparison, evidence }, affiliation, score };
  });

  if (!best) {
    return {
      equalContribution: false,
      status: "pending",
      score: 0,
      evidence: [
        {
          kind: "no_author_matched",
          weight: 0,
          reason: "no author on the record has a name compatible with the faculty member's names",
        },
      ],
    };
  }
  const author = authors[best.index]!;
  return {
    authorIndex: best.index,
    authorPosition: authorPosition(best.index, authors.length),
    equalContribution: author.equalContribution,
    status: "pending",
    score: best.score,
    evidence: [...best.comparison.evidence, best.affiliation],
  };
}
