/**
 * `npm run bench:disambiguation`: how well ScholarTrack tells a faculty member's PubMed papers from
 * their namesakes', measured on a generated division whose truth is known.
 *
 * For each person: the PubMed search (answered by the sandbox's own query matcher, no HTTP), the
 * anchors the product would have (works on their ORCID record, matched by DOI or PMID), then the
 * real scoring. Works on their ORCID record that the search does not return count as accepted links,
 * as the ORCID harvest makes them (ORCID_LINK_STATUS, accepted by default); the search's own links
 * are printed apart too. Printed: precision and recall of auto-accepted links, the share of true links left
 * pending or wrongly rejected, false links left pending; the same for the plain name + affiliation
 * query taken at its word (the baseline); and figures by kind of case.
 *
 * Options: --faculty N (100) and --seed S (2026); either may be a comma-separated list, and every
 * combination is run. --thresholds accept,reject (75,25). --verbose lists the wrong decisions.
 * --no-calibration leaves out the calibration table (the scoring again at each threshold).
 * --dump FILE writes every scored link (truth, case, status, evidence) as a JSON line, for analysis.
 * Each run also prints the true links it did not accept, by what held them.
 * --generator main|alt (main): alt runs the same protocol on the independently built division of
 * sandbox/division-alt/, to report how the scoring holds on data it was never tuned on.
 */
import { buildFacultyProfile, type FacultyProfile } from "../src/disambiguation/profile.ts";
import { scoreGrantLink } from "../src/disambiguation/score-grants.ts";
import {
  scoreFacultyArticles,
  type ArticleScore,
  type KnownItem,
} from "../src/disambiguation/score-articles.ts";
import { WEIGHTS } from "../src/disambiguation/weights.ts";
import { DEFAULT_THRESHOLDS, describeScore, type Thresholds } from "../src/disambiguation/score.ts";
import { writeFileSync } from "node:fs";
import type { EvidenceKind } from "../src/identity/evidence.ts";
import { findTerm } from "../src/identity/terms.ts";
import { normalizeDoi } from "../src/sources/candidate.ts";
import {
  generateDivision,
  type FictionalDivision,
  type NamesakeEntry,
  type RosterRow,
} from "../sandbox/division/index.ts";
import { generateAltDivision } from "../sandbox/division-alt/index.ts";
import { ArticleIndex, foldText, parseTerm } from "../sandbox/servers/term.ts";
import {
  employmentsToAffiliationTerms,
  employmentsToPeriods,
  fundingsToCandidates,
  otherNamesToVariants,
  parseEmployments,
  parseFundings,
  parsePerson,
  parseWorksSummary,
  worksToCandidates,
} from "../src/sources/orcid/index.ts";
import { buildAuthorQuery, type FacultyNames, type QueryScope } from "../src/sources/pubmed/query.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";
import { collapseProjectsWithMatches } from "../src/sources/reporter/map.ts";
import { parseProjectsSearch } from "../src/sources/reporter/parse.ts";
import type { ReporterProject } from "../src/sources/reporter/types.ts";

const AIMS = { precision: 0.98, recall: 0.9, pending: 0.15 };

const list = (name: string, fallback: string): number[] => {
  const at = process.argv.indexOf(`--${name}`);
  const text = at === -1 ? fallback : (process.argv[at + 1] ?? "");
  const values = text.split(",").map(Number);
  if (values.some((value) => !Number.isInteger(value))) throw new Error(`--${name} takes integers: ${text}`);
  return values;
};
const sizes = list("faculty", "100");
const seeds = list("seed", "2026");
const [accept = DEFAULT_THRESHOLDS.accept, reject = DEFAULT_THRESHOLDS.reject] = list(
  "thresholds",
  `${DEFAULT_THRESHOLDS.accept},${DEFAULT_THRESHOLDS.reject}`,
);
const thresholds: Thresholds = { accept, reject };
const verbose = process.argv.includes("--verbose");
// --dump FILE: every scored link as a JSON line (truth, case, status, evidence), for analysis.
const dumpAt = process.argv.indexOf("--dump");
const dumpFile = dumpAt === -1 ? undefined : process.argv[dumpAt + 1];
const dump: string[] | undefined = dumpFile === undefined ? undefined : [];
const generatorAt = process.argv.indexOf("--generator");
const generator = generatorAt === -1 ? "main" : process.argv[generatorAt + 1];
if (generator !== "main" && generator !== "alt")
  throw new Error(`--generator takes main or alt: ${generator}`);
// The main division with its hard cases (realistic: true): what the scoring is tuned on.
const generate = (options: { facultyCount: number; seed: number }): FictionalDivision =>
  generator === "alt" ? generateAltDivision(options) : generateDivision({ ...options, realistic: true });

// ---------------------------------------------------------------------------------------------
// What the product knows about each person after the roster import and the ORCID harvest.

interface Person {
  row: RosterRow;
  profile: FacultyProfile;
  /** The query's names and terms, as the PubMed harvest builds them. */
  names: FacultyNames;
  /** The same with every ORCID employment term, departments included (the harvest leaves department-only terms out). */
  namesAsWired: FacultyNames;
  accepted: KnownItem[];
  /** What the RePORTER harvest searches within when there is no confirmed profile id. */
  organizationNames: string[];
}

function people(division: FictionalDivision): Person[] {
  const byPmid = new Map(division.articles.map((article) => [article.pmid, article]));
  const byDoi = new Map(
    division.articles.flatMap((a) => (a.doi ? [[normalizeDoi(a.doi)!, a] as const] : [])),
  );
  const split = (cell: string): string[] => (cell === "" ? [] : cell.split(";"));
  const confirmedGrants = reporterGrantsByProfile(division);
  // What each person's ORCID record and confirmed awards make theirs: scoring also reads a roster
  // colleague's (their ORCID iD, e-mail, grants, own works) to tell twins apart.
  const identities = new Map(
    division.faculty.map((row) => {
      const record = row.orcid ? division.orcidRecords[row.orcid] : undefined;
      const readable = record !== undefined && (record.status ?? "ok") === "ok";
      const works = readable ? worksToCandidates(parseWorksSummary(record.works), { orcid: row.orcid }) : [];
      const fundings = readable
        ? fundingsToCandidates(parseFundings(record.fundings), { orcid: row.orcid })
        : [];
      const profileId = row.reporter_profile_id === "" ? null : Number(row.reporter_profile_id);
      const ownItems = works.flatMap((work) => {
        const article =
          (work.pmid ? byPmid.get(work.pmid) : undefined) ?? (work.doi ? byDoi.get(work.doi) : undefined);
        return article ? [article] : [];
      });
      const grantNumbers = [
        ...fundings.flatMap((funding) => (funding.grant?.grantNumber ? [funding.grant.grantNumber] : [])),
        ...(profileId === null ? [] : (confirmedGrants.get(profileId) ?? [])),
      ];
      return [row.faculty_id, { ownItems, grantNumbers }] as const;
    }),
  );
  return division.faculty.map((row) => {
    const record = row.orcid ? division.orcidRecords[row.orcid] : undefined;
    const readable = record !== undefined && (record.status ?? "ok") === "ok";
    const works = readable ? worksToCandidates(parseWorksSummary(record.works), { orcid: row.orcid }) : [];
    const employments = readable ? parseEmployments(record.employments) : [];
    const orcidVariants = readable ? otherNamesToVariants(parsePerson(record.person)) : [];
    const orcidTerms = employmentsToAffiliationTerms(employments);
    const fundings = readable
      ? fundingsToCandidates(parseFundings(record.fundings), { orcid: row.orcid })
      : [];
    const starts = employments.flatMap((employment) =>
      employment.startDate?.year ? [employment.startDate.year] : [],
    );

    const accepted: KnownItem[] = [];
    for (const work of works) {
      const article =
        (work.pmid ? byPmid.get(work.pmid) : undefined) ?? (work.doi ? byDoi.get(work.doi) : undefined);
      if (article) accepted.push({ pmid: article.pmid, record: article, via: "orcid" });
    }
    const profileId = row.reporter_profile_id === "" ? null : Number(row.reporter_profile_id);
    const profile = buildFacultyProfile({
      id: row.faculty_id,
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
      nameVariants: split(row.name_variants),
      orcidNameVariants: orcidVariants,
      orcid: row.orcid,
      affiliationTerms: split(row.affiliation_terms),
      institutionTerms: division.faculty
        .filter((other) => other.faculty_id !== row.faculty_id)
        .flatMap((other) => split(other.affiliation_terms)),
      orcidAffiliationTerms: orcidTerms,
      employments: employmentsToPeriods(employments),
      previousAffiliations: split(row.previous_affiliations ?? ""),
      division: row.division,
      email: row.email,
      hireDate: row.hire_date,
      careerStartYear: starts.length > 0 ? Math.min(...starts) : null,
      grantNumbers: [
        ...fundings.flatMap((funding) => (funding.grant?.grantNumber ? [funding.grant.grantNumber] : [])),
        ...(profileId === null ? [] : (confirmedGrants.get(profileId) ?? [])),
      ],
      reporterProfileId: profileId,
      colleagues: division.faculty
        .filter((other) => other.faculty_id !== row.faculty_id)
        .map((other) => ({
          id: other.faculty_id,
          lastName: other.last_name,
          firstName: other.first_name,
          middleName: other.middle_name,
          division: other.division,
          hireDate: other.hire_date,
          orcid: other.orcid,
          email: other.email,
          grantNumbers: identities.get(other.faculty_id)!.grantNumbers,
          ownItems: identities.get(other.faculty_id)!.ownItems.map((article) => ({ pmid: article.pmid })),
        })),
    });
    const base = {
      orcid: row.orcid,
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
      nameVariants: profile.nameVariants,
    };
    return {
      row,
      profile,
      names: { ...base, affiliationTerms: [...profile.homeTerms, ...profile.pastTerms] },
      namesAsWired: { ...base, affiliationTerms: [...split(row.affiliation_terms), ...orcidTerms] },
      accepted,
      organizationNames: [...new Set([...split(row.affiliation_terms), ...orcidTerms])],
    };
  });
}

/** Core project numbers of the awards RePORTER lists under each PI profile id. */
function reporterGrantsByProfile(division: FictionalDivision): Map<number, string[]> {
  const grants = new Map<number, Set<string>>();
  for (const project of division.reporterProjects) {
    for (const pi of project.principal_investigators) {
      const set = grants.get(pi.profile_id) ?? new Set<string>();
      set.add(project.core_project_num);
      grants.set(pi.profile_id, set);
    }
  }
  return new Map([...grants].map(([id, set]) => [id, [...set]]));
}

// ---------------------------------------------------------------------------------------------
// Counting

interface Tally {
  links: number;
  accepted: number;
  pending: number;
  rejected: number;
}

const tally = (): Tally => ({ links: 0, accepted: 0, pending: 0, rejected: 0 });

function add(target: Tally, status: "accepted" | "pending" | "rejected" | "missed"): void {
  if (status === "missed") return;
  target.links++;
  target[status]++;
}

interface RunResult {
  seed: number;
  faculty: number;
  articles: number;
  trueLinks: number;
  candidates: number;
  truth: Tally;
  falseLinks: Tally;
  wrongAuthor: number;
  baseline: { found: number; truePositive: number };
  asWired: { found: number; truePositive: number };
  affiliationScoped: { truth: Tally; falseLinks: Tally };
  trueByCase: Map<string, Tally & { missed: number }>;
  grants: {
    trueLinks: number;
    truth: Tally;
    falseLinks: Tally;
    byProfileId: { links: number; truePositive: number };
  };
  falseByCase: Map<string, Tally>;
  /** True links the scoring did not accept, by what held them (shortfallReason). */
  shortfall: Map<string, number>;
  mistakes: string[];
  /** By accept threshold (60..90): true and false links accepted, true links pending. */
  calibration: Map<number, { trueAccepted: number; falseAccepted: number; truePending: number }>;
  /** Works on people's ORCID records that the name search does not return (linked by the ORCID harvest). */
  orcidOnly: { right: number; wrong: number };
  seconds: number;
}

/** The accept thresholds of the calibration table; --no-calibration leaves it out (a run 5-8 times quicker, for tuning). */
const CALIBRATION = process.argv.includes("--no-calibration") ? [] : [60, 65, 70, 75, 80, 85, 90];

const TRUE_CASES = [
  "ORCID iD on the record",
  "work on their ORCID record",
  "their e-mail or home affiliation",
  "before hire, elsewhere",
  "no affiliation on the author",
  "other affiliation",
];
const FALSE_CASES = [
  "namesake elsewhere",
  "namesake, no affiliation",
  "namesake's paper with a home co-author",
  "namesake at the same institution",
  "another faculty member",
  "someone else with a similar name",
];

function run(facultyCount: number, seed: number): RunResult {
  const started = performance.now();
  const division = generate({ facultyCount, seed });
  const index = new ArticleIndex(division.articles);
  const byPmid = new Map(division.articles.map((article) => [article.pmid, article]));
  const truth = new Map(
    division.truth.map((entry) => [`${entry.facultyId}/${entry.pmid}`, entry.authorIndex]),
  );
  const truthByPmid = new Map<string, Map<number, string>>();
  for (const entry of division.truth) {
    const authors = truthByPmid.get(entry.pmid) ?? new Map<number, string>();
    authors.set(entry.authorIndex, entry.facultyId);
    truthByPmid.set(entry.pmid, authors);
  }
  const projects = parseProjectsSearch({
    meta: { total: division.reporterProjects.length, offset: 0, limit: division.reporterProjects.length },
    results: division.reporterProjects,
  }).projects;
  const grantTruth = new Set(
    division.grantTruth.map((entry) => `${entry.facultyId}/${entry.coreProjectNum}`),
  );
  const namesakes = new Map(division.namesakes.map((entry) => [`${entry.facultyId}/${entry.pmid}`, entry]));
  const search = (query: string): PubmedArticleRecord[] =>
    index.search(parseTerm(query)).map((pmid) => byPmid.get(pmid)!);

  const result: RunResult = {
    seed,
    faculty: facultyCount,
    articles: division.articles.length,
    trueLinks: division.truth.length,
    candidates: 0,
    truth: tally(),
    falseLinks: tally(),
    wrongAuthor: 0,
    baseline: { found: 0, truePositive: 0 },
    asWired: { found: 0, truePositive: 0 },
    affiliationScoped: { truth: tally(), falseLinks: tally() },
    trueByCase: new Map(TRUE_CASES.map((name) => [name, { ...tally(), missed: 0 }])),
    falseByCase: new Map(FALSE_CASES.map((name) => [name, tally()])),
    shortfall: new Map(),
    grants: {
      trueLinks: division.grantTruth.length,
      truth: tally(),
      falseLinks: tally(),
      byProfileId: { links: 0, truePositive: 0 },
    },
    mistakes: [],
    calibration: new Map(
      CALIBRATION.map((at) => [at, { trueAccepted: 0, falseAccepted: 0, truePending: 0 }]),
    ),
    orcidOnly: { right: 0, wrong: 0 },
    seconds: 0,
  };

  for (const person of people(division)) {
    const id = person.row.faculty_id;
    const isTrue = (pmid: string): boolean => truth.has(`${id}/${pmid}`);
    const score = (
      scope: QueryScope,
      at: Thresholds = thresholds,
    ): { candidates: PubmedArticleRecord[]; scores: ArticleScore[] } => {
      const candidates = search(buildAuthorQuery(person.names, { scope }));
      const scores = scoreFacultyArticles(
        person.profile,
        candidates.map((record) => ({ record })),
        { accepted: person.accepted, rejected: [] },
        at,
      );
      return { candidates, scores };
    };

    const { candidates, scores } = score("broad");
    // The same scoring at each accept threshold: which links an anchor lifts depends on it.
    for (const [accept, counts] of result.calibration) {
      const at = { accept, reject: Math.min(thresholds.reject, accept - 1) };
      for (const link of score("broad", at).scores) {
        if (link.status === "accepted") {
          if (isTrue(link.pmid)) counts.trueAccepted++;
          else counts.falseAccepted++;
        } else if (link.status === "pending" && isTrue(link.pmid)) counts.truePending++;
      }
    }
    result.candidates += candidates.length;
    const decided = new Map(scores.map((link) => [link.pmid, link]));
    const orcidWorks = new Set(person.accepted.map((item) => item.pmid));
    for (const link of scores) {
      const record = byPmid.get(link.pmid)!;
      if (isTrue(link.pmid)) {
        add(result.truth, link.status);
        if (link.status !== "accepted") {
          const reason = shortfallReason(link);
          result.shortfall.set(reason, (result.shortfall.get(reason) ?? 0) + 1);
        }
        if (link.status === "accepted" && link.authorIndex !== truth.get(`${id}/${link.pmid}`))
          result.wrongAuthor++;
      }
      const caseName = isTrue(link.pmid)
        ? undefined
        : falseCase(person.profile, record, link, truthByPmid, namesakes);
      if (caseName !== undefined) {
        add(result.falseLinks, link.status);
        add(result.falseByCase.get(caseName)!, link.status);
      }
      if (dump) {
        const others = record.authors.filter((_, at) => at !== link.authorIndex);
        dump.push(
          JSON.stringify({
            seed,
            id,
            pmid: link.pmid,
            true: isTrue(link.pmid),
            case: caseName,
            status: link.status,
            score: link.score,
            year: record.publicationDate?.year,
            authors: record.authors.length,
            index: link.authorIndex,
            // The matched author as the record gives them, and their co-authors' short names.
            author: matchedAuthor(record, link.authorIndex),
            coauthors: record.authors
              .filter((_, at) => at !== link.authorIndex)
              .map((other) =>
                `${other.lastName ?? other.collectiveName ?? ""} ${other.initials ?? ""}`.trim(),
              ),
            homeOnRecord: others.some((other) =>
              other.affiliations.some((text) => findTerm(text, person.profile.homeTerms) !== undefined),
            ),
            evidence: link.evidence.map((piece) => ({
              kind: piece.kind,
              weight: piece.weight,
              anchor: piece.anchor ?? false,
              reason: piece.reason,
            })),
          }),
        );
      }
      if (verbose && (isTrue(link.pmid) ? link.status !== "accepted" : link.status === "accepted")) {
        result.mistakes.push(
          `${id} ${person.row.last_name}, ${person.row.first_name} ${person.row.middle_name} | ${link.pmid} ${isTrue(link.pmid) ? "TRUE" : `FALSE (${caseName})`} ${link.status} ${describeScore(link.evidence)}\n    ${link.evidence.map((e) => `${e.weight >= 0 ? "+" : ""}${e.weight} ${e.reason}`).join("\n    ")}`,
        );
      }
    }
    // Works on their ORCID record that the name search does not return: the ORCID harvest links them
    // all the same (ORCID_LINK_STATUS, accepted by default), whatever the scoring of the search.
    const orcidOnly = new Set(
      person.accepted.flatMap((item) => (item.pmid && !decided.has(item.pmid) ? [item.pmid] : [])),
    );
    for (const pmid of orcidOnly) {
      const right = isTrue(pmid);
      add(right ? result.truth : result.falseLinks, "accepted");
      if (right) result.orcidOnly.right++;
      else result.orcidOnly.wrong++;
      for (const counts of result.calibration.values()) {
        if (right) counts.trueAccepted++;
        else counts.falseAccepted++;
      }
    }
    for (const entry of division.truth.filter((t) => t.facultyId === id)) {
      const record = byPmid.get(entry.pmid)!;
      const caseName = trueCase(person, record, entry.authorIndex, orcidWorks);
      const bucket = result.trueByCase.get(caseName)!;
      const link = decided.get(entry.pmid);
      if (link) add(bucket, link.status);
      else if (orcidOnly.has(entry.pmid)) add(bucket, "accepted");
      else bucket.missed++;
    }

    const acceptedArticles: KnownItem[] = [
      ...person.accepted,
      ...scores
        .filter((link) => link.status === "accepted")
        .map((link) => ({ pmid: link.pmid, record: byPmid.get(link.pmid)!, via: "person" as const })),
    ];
    scoreGrants(person, projects, acceptedArticles, grantTruth, result);

    const affiliationScoped = score("affiliation").scores;
    for (const link of affiliationScoped)
      add(
        isTrue(link.pmid) ? result.affiliationScoped.truth : result.affiliationScoped.falseLinks,
        link.status,
      );

    const baseline = search(buildAuthorQuery(person.names, { scope: "affiliation" }));
    result.baseline.found += baseline.length;
    result.baseline.truePositive += baseline.filter((record) => isTrue(record.pmid)).length;
    const asWired = search(buildAuthorQuery(person.namesAsWired, { scope: "affiliation" }));
    result.asWired.found += asWired.length;
    result.asWired.truePositive += asWired.filter((record) => isTrue(record.pmid)).length;
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * The RePORTER harvest's search (by confirmed profile id, else by first and last name within the
 * person's organisations, as the sandbox answers it), the grants collapsed and matched as the
 * harvest does, then scored; today's harvest accepts profile-id matches and leaves the rest pending.
 */
function scoreGrants(
  person: Person,
  projects: readonly ReporterProject[],
  acceptedArticles: readonly KnownItem[],
  grantTruth: ReadonlySet<string>,
  result: RunResult,
): void {
  const { profile } = person;
  const fold = (text: string | undefined): string => foldText(text ?? "");
  const organizations = person.organizationNames.map(fold).filter(Boolean);
  const found = projects.filter((project) =>
    profile.reporterProfileId !== null
      ? project.principalInvestigators.some((pi) => pi.profileId === profile.reporterProfileId)
      : organizations.some((name) => fold(project.organization?.name).includes(name)) &&
        project.principalInvestigators.some(
          (pi) =>
            fold(pi.firstName) === fold(profile.firstName) && fold(pi.lastName) === fold(profile.lastName),
        ),
  );
  const searched = {
    firstName: profile.firstName,
    lastName: profile.lastName,
    ...(profile.middleName ? { middleName: profile.middleName } : {}),
    ...(profile.reporterProfileId !== null ? { profileId: profile.reporterProfileId } : {}),
  };
  for (const { candidate, match } of collapseProjectsWithMatches(found, searched)) {
    if (!match?.evidence) continue;
    const organization = found.find((project) => project.coreProjectNum === candidate.sourceId)?.organization
      ?.name;
    const scored = scoreGrantLink(
      profile,
      { candidate, match: match.evidence, ...(organization ? { organization } : {}) },
      { accepted: acceptedArticles },
      thresholds,
    );
    const isTrue = grantTruth.has(`${profile.id}/${candidate.sourceId}`);
    add(isTrue ? result.grants.truth : result.grants.falseLinks, scored.status);
    if (match.evidence.kind === "profile_id") {
      result.grants.byProfileId.links++;
      if (isTrue) result.grants.byProfileId.truePositive++;
    }
  }
}

function trueCase(
  person: Person,
  record: PubmedArticleRecord,
  authorIndex: number,
  orcidWorks: Set<string | undefined>,
): string {
  const author = record.authors[authorIndex]!;
  if (person.profile.orcid && author.orcid === person.profile.orcid) return "ORCID iD on the record";
  if (orcidWorks.has(record.pmid)) return "work on their ORCID record";
  if (author.affiliations.length === 0) return "no affiliation on the author";
  const text = author.affiliations.join(" ");
  if (
    findTerm(text, person.profile.homeTerms) ||
    person.profile.emails.some((email) => text.toLowerCase().includes(email))
  )
    return "their e-mail or home affiliation";
  const year = record.publicationDate?.year ?? 0;
  if (person.profile.hireYear !== null && year <= person.profile.hireYear) return "before hire, elsewhere";
  return "other affiliation";
}

/**
 * What held a true link below the accept threshold: rejected, anchored yet short of the threshold,
 * a roster twin, or no anchor, said by the affiliation on the matched author.
 */
function shortfallReason(link: ArticleScore): string {
  const kinds = new Set(link.evidence.map((piece) => piece.kind));
  const has = (kind: EvidenceKind): boolean => kinds.has(kind);
  if (link.authorIndex === undefined) return `${link.status}: no author matched`;
  const name = has("first_name_conflict") || has("middle_initial_conflict") ? ", name conflict" : "";
  const place = has("no_affiliation")
    ? "no affiliation"
    : has("affiliation_shared")
      ? "home or past employer shared with a namesake"
      : has("affiliation_other_team")
        ? "home, in another author's team"
        : has("affiliation_other_department")
          ? "home, another department"
          : has("affiliation_past_other")
            ? "past employer, out of years (another author there)"
            : has("affiliation_past")
              ? "past employer"
              : has("affiliation_match") || has("email_match")
                ? "home or e-mail"
                : has("affiliation_elsewhere")
                  ? link.evidence.some(
                      (piece) =>
                        piece.kind === "affiliation_elsewhere" &&
                        piece.weight === WEIGHTS.elsewhereBeforeHire,
                    )
                    ? "elsewhere before hire"
                    : "elsewhere after hire"
                  : "other";
  const coauthors = has("coauthors_shared")
    ? ", shares co-authors"
    : has("colleague_coauthor")
      ? ", roster colleagues only"
      : "";
  if (link.status === "rejected") return `rejected: ${place}${name}`;
  if (link.evidence.some((piece) => piece.anchor))
    return `pending, anchored but under the threshold: ${place}`;
  if (link.evidence.some((piece) => piece.indistinguishableFrom)) return `pending, roster twin: ${place}`;
  return `pending, no anchor: ${place}${name}${coauthors}`;
}

function falseCase(
  profile: FacultyProfile,
  record: PubmedArticleRecord,
  link: ArticleScore,
  truthByPmid: ReadonlyMap<string, ReadonlyMap<number, string>>,
  namesakes: ReadonlyMap<string, NamesakeEntry>,
): string {
  const onRoster = truthByPmid.get(record.pmid);
  if (link.authorIndex !== undefined && onRoster?.has(link.authorIndex)) return "another faculty member";
  const namesake = namesakes.get(`${profile.id}/${record.pmid}`);
  if (!namesake) return "someone else with a similar name";
  if (namesake.institution === "same") return "namesake at the same institution";
  const home = record.authors.some(
    (other, i) =>
      i !== namesake.authorIndex &&
      other.affiliations.some((affiliation) => findTerm(affiliation, profile.homeTerms) !== undefined),
  );
  if (home || onRoster !== undefined) return "namesake's paper with a home co-author";
  const author = record.authors[namesake.authorIndex]!;
  return author.affiliations.length === 0 ? "namesake, no affiliation" : "namesake elsewhere";
}

// ---------------------------------------------------------------------------------------------
// Printing

const pct = (part: number, whole: number): string =>
  whole === 0 ? "   -  " : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
const ratio = (part: number, whole: number): string => (whole === 0 ? "-" : (part / whole).toFixed(3));

function report(r: RunResult): boolean {
  const tp = r.truth.accepted;
  const fp = r.falseLinks.accepted;
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / r.trueLinks;
  const pending = r.truth.pending / r.trueLinks;
  const met = precision >= AIMS.precision && recall >= AIMS.recall && pending <= AIMS.pending;
  const lines = [
    `${generator === "alt" ? "alt division, " : ""}seed ${r.seed}, ${r.faculty} faculty: ${r.articles} articles in the division, ${r.trueLinks} true links, ${r.candidates} candidate links from the broad query (${r.seconds.toFixed(1)} s)`,
    `  scored (broad query, thresholds accept >= ${thresholds.accept}, reject <= ${thresholds.reject}):`,
    `    auto-accepted ${tp + fp}: precision ${ratio(tp, tp + fp)} (${fp} false), recall ${ratio(tp, r.trueLinks)}` +
      (r.wrongAuthor > 0 ? `, ${r.wrongAuthor} accepted on the wrong author position` : ""),
    `    of them ${r.orcidOnly.right + r.orcidOnly.wrong} works on their ORCID records that the name search does not return, linked by the ORCID harvest (${r.orcidOnly.wrong} false); the search's own links alone: precision ${ratio(tp - r.orcidOnly.right, tp + fp - r.orcidOnly.right - r.orcidOnly.wrong)}, recall ${ratio(tp - r.orcidOnly.right, r.trueLinks)}`,
    `    true links: accepted ${pct(r.truth.accepted, r.trueLinks)}, pending ${pct(r.truth.pending, r.trueLinks)}, rejected ${pct(r.truth.rejected, r.trueLinks)}, found by neither the query nor their ORCID record ${pct(r.trueLinks - r.truth.links, r.trueLinks)}`,
    `    false links ${r.falseLinks.links}: accepted ${r.falseLinks.accepted}, pending ${r.falseLinks.pending} (${pct(r.falseLinks.pending, r.falseLinks.links).trim()}), rejected ${r.falseLinks.rejected}`,
    `    review load: ${r.truth.pending + r.falseLinks.pending} pending links, ${ratio(r.truth.pending, r.truth.pending + r.falseLinks.pending)} of them true`,
    `  scored (affiliation query): precision ${ratio(r.affiliationScoped.truth.accepted, r.affiliationScoped.truth.accepted + r.affiliationScoped.falseLinks.accepted)}, recall ${ratio(r.affiliationScoped.truth.accepted, r.trueLinks)}, true links pending ${pct(r.affiliationScoped.truth.pending, r.trueLinks).trim()}, false links pending ${r.affiliationScoped.falseLinks.pending}`,
    `  baseline (every hit of name + affiliation taken as theirs): ${r.baseline.found} links, precision ${ratio(r.baseline.truePositive, r.baseline.found)}, recall ${ratio(r.baseline.truePositive, r.trueLinks)}`,
    `  the same with ORCID department names as [ad] terms too (the harvest leaves them out): ${r.asWired.found} links, precision ${ratio(r.asWired.truePositive, r.asWired.found)}, recall ${ratio(r.asWired.truePositive, r.trueLinks)}`,
    `  RePORTER grants: ${r.grants.trueLinks} true PI links, ${r.grants.truth.links + r.grants.falseLinks.links} found (${r.grants.truth.links} true); auto-accepted ${r.grants.truth.accepted + r.grants.falseLinks.accepted}: precision ${ratio(r.grants.truth.accepted, r.grants.truth.accepted + r.grants.falseLinks.accepted)}, recall ${ratio(r.grants.truth.accepted, r.grants.trueLinks)}; true pending ${r.grants.truth.pending}, true rejected ${r.grants.truth.rejected}, false pending ${r.grants.falseLinks.pending}, false rejected ${r.grants.falseLinks.rejected}`,
    `    today (profile id accepted, names pending): auto-accepted ${r.grants.byProfileId.links}, precision ${ratio(r.grants.byProfileId.truePositive, r.grants.byProfileId.links)}, recall ${ratio(r.grants.byProfileId.truePositive, r.grants.trueLinks)}`,
    `  true links by case:                       links  accepted  pending  rejected  not found`,
    ...[...r.trueByCase].map(
      ([name, t]) =>
        `    ${name.padEnd(40)} ${String(t.links + t.missed).padStart(5)}   ${pct(t.accepted, t.links + t.missed)}  ${pct(t.pending, t.links + t.missed)}  ${pct(t.rejected, t.links + t.missed)}   ${pct(t.missed, t.links + t.missed)}`,
    ),
    `  false links by case:                      links  accepted  pending  rejected`,
    ...[...r.falseByCase].map(
      ([name, t]) =>
        `    ${name.padEnd(40)} ${String(t.links).padStart(5)}   ${String(t.accepted).padStart(6)}   ${pct(t.pending, t.links)}  ${pct(t.rejected, t.links)}`,
    ),
    `  true links not accepted, by what held them:`,
    ...[...r.shortfall]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `    ${String(count).padStart(5)}  ${reason}`),
    `  calibration (broad query; reject threshold ${thresholds.reject} or below the accept threshold):`,
    `    accept at   precision   recall   true links pending`,
    ...[...r.calibration].map(([at, c]) => {
      const line = `    ${String(at).padStart(9)}   ${ratio(c.trueAccepted, c.trueAccepted + c.falseAccepted).padStart(9)}   ${ratio(c.trueAccepted, r.trueLinks).padStart(6)}   ${pct(c.truePending, r.trueLinks).padStart(18)}`;
      return at === thresholds.accept ? `${line}   <- current` : line;
    }),
    `  aims (precision >= ${AIMS.precision}, recall >= ${AIMS.recall}, true links pending <= ${AIMS.pending * 100}%) met: ${met ? "yes" : "no"} (precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, pending ${(pending * 100).toFixed(1)}%)`,
  ];
  console.log(lines.join("\n"));
  if (verbose && r.mistakes.length > 0) console.log(`  wrong decisions:\n  ${r.mistakes.join("\n  ")}`);
  console.log("");
  return met;
}

const started = performance.now();
let all = true;
for (const size of sizes) for (const seed of seeds) all = report(run(size, seed)) && all;
if (dumpFile !== undefined && dump) writeFileSync(dumpFile, `${dump.join("\n")}\n`);
console.log(
  `aims met: ${all ? "yes" : "no"}${sizes.length * seeds.length > 1 ? " (every run)" : ""}; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
);

/** The matched author of a dumped link: name, ORCID iD and affiliations as the record gives them. */
function matchedAuthor(record: PubmedArticleRecord, index: number | undefined) {
  const author = index === undefined ? undefined : record.authors[index];
  if (!author) return undefined;
  return {
    name: `${author.lastName ?? ""} ${author.foreName ?? ""}`.trim(),
    initials: author.initials,
    orcid: author.orcid,
    affiliations: author.affiliations,
  };
}
