import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type { DivisionOptions, FictionalDivision } from "../division/types.ts";
import { DraftWriter } from "./articles.ts";
import { createAwards } from "./awards.ts";
import { createFaculty } from "./faculty.ts";
import { createNamesakes } from "./namesakes.ts";
import { orcidRecords } from "./orcid.ts";
import type { Person, World } from "./people.ts";
import { homeInstitution } from "./places.ts";
import { toRecords, truthOf } from "./pubmed.ts";
import { streamsFor } from "./random.ts";
import { reporterRecords } from "./reporter.ts";
import { previousAffiliationsOf, rosterRow } from "./roster.ts";

/**
 * A fictional division built independently of `sandbox/division/`, with MEDLINE's unkind habits,
 * used to report how author disambiguation holds on data it was never tuned on. Same protocol
 * (`FictionalDivision`), different construction: see README.md here.
 */

export { altRosterCsv, PREVIOUS_AFFILIATIONS_COLUMN } from "./roster.ts";

export interface AltDivision extends FictionalDivision {
  /**
   * The roster's `previous_affiliations` values by faculty id, for those whose roster has them
   * (`;`-separated in the CSV). Also in the rows once the product's roster header has the column.
   */
  previousAffiliations: Record<string, string[]>;
  /**
   * Every surname and first name each faculty member publishes under (a maiden name, the first
   * part of a two-part surname, a nickname), whether or not the roster or ORCID says so: the
   * truth about names, for checking the truth about papers.
   */
  publishedNames: Record<string, { surnames: string[]; firstNames: string[] }>;
}

function publishedNamesOf(person: Person): { surnames: string[]; firstNames: string[] } {
  const { name, habits } = person;
  const surnames = [name.last];
  if (name.surnameParts) surnames.push(name.surnameParts[0], name.surnameParts.join("-"));
  if (habits.maiden) surnames.push(habits.maiden.last);
  return { surnames, firstNames: habits.nickname ? [name.first, habits.nickname] : [name.first] };
}

export const ALT_DEFAULTS = { facultyCount: 100, seed: 1, fromYear: 2002, toYear: 2025 } as const;

/** Namesakes who shared a lab with the faculty member: their circles start with some of the same people. */
function shareCircles(writer: DraftWriter, namesakes: readonly Person[], world: World): void {
  const rng = world.stream("shared-circles");
  for (const namesake of namesakes) {
    const { of, kind } = namesake.namesake!;
    const index =
      kind === "previous-institution"
        ? of.stints.findIndex((stint) => stint.institution.key !== "home")
        : kind === "home-department"
          ? of.stints.length - 1
          : -1;
    if (index < 0) continue;
    const members = writer.circlesOf(of).at(index).members;
    const count = kind === "previous-institution" ? rng.int(3, 6) : rng.int(1, 2);
    for (const member of rng.sample(members, count))
      writer.circlesOf(namesake).at(0).adopt(member.person, member.uses);
  }
}

export function generateAltDivision(options: DivisionOptions = {}): AltDivision {
  const facultyCount = options.facultyCount ?? ALT_DEFAULTS.facultyCount;
  const seed = options.seed ?? ALT_DEFAULTS.seed;
  const world: World = {
    stream: streamsFor(seed),
    home: homeInstitution(options.institution),
    fromYear: options.fromYear ?? ALT_DEFAULTS.fromYear,
    toYear: options.toYear ?? ALT_DEFAULTS.toYear,
    people: [],
    usedOrcids: new Set(),
  };
  const faculty = createFaculty(world, facultyCount);
  const namesakes = createNamesakes(world, faculty);
  const awards = createAwards(world, [...faculty, ...namesakes], faculty);
  const writer = new DraftWriter(world, awards);
  const facultyDrafts = faculty.flatMap((person) => writer.papersOf(person));
  shareCircles(writer, namesakes, world);
  const namesakeDrafts = namesakes.flatMap((person) => writer.papersOf(person));
  const records = toRecords(world, [...facultyDrafts, ...namesakeDrafts]);
  const { truth, namesakes: namesakeEntries } = truthOf(faculty, records);

  const ownArticles = new Map<number, PubmedArticleRecord[]>();
  records.drafts.forEach((draft, index) => {
    for (const author of draft.authors) {
      if (!author.person?.faculty) continue;
      const list = ownArticles.get(author.person.id) ?? [];
      list.push(records.articles[index]!);
      ownArticles.set(author.person.id, list);
    }
  });
  const orcid = orcidRecords(world, faculty, ownArticles, awards);
  const reporter = reporterRecords(world, awards);

  const confirm = world.stream("confirmed-profiles");
  const reporterProfileIds: Record<string, number> = {};
  const previousAffiliations: Record<string, string[]> = {};
  const publishedNames: AltDivision["publishedNames"] = {};
  const rows = faculty.map((person) => {
    const id = person.faculty!.facultyId;
    const profileId = reporter.profileIds.get(person.id);
    if (profileId !== undefined) reporterProfileIds[id] = profileId;
    const previous = previousAffiliationsOf(person);
    if (previous.length > 0) previousAffiliations[id] = previous;
    publishedNames[id] = publishedNamesOf(person);
    return rosterRow(person, profileId, confirm.chance(0.35));
  });

  return {
    institution: world.home.name,
    faculty: rows,
    articles: records.articles,
    truth,
    namesakes: namesakeEntries,
    abstracts: records.abstracts,
    orcidRecords: orcid.records,
    reporterProjects: reporter.reporterProjects,
    reporterProfileIds,
    grantTruth: reporter.grantTruth,
    presentationTruth: orcid.presentationTruth,
    previousAffiliations,
    publishedNames,
  };
}
