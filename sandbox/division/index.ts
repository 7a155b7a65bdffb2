import { stringify } from "csv-stringify/sync";
import { DEFAULT_DIVISION_SEED } from "../../src/cli/sandbox.ts";
import { buildActivity } from "./activity.ts";
import { ArticleWriter } from "./articles.ts";
import { addHomeCoauthorsToNamesakeArticles, drawOutsideCoauthors } from "./circles.ts";
import { homeInstitution, People } from "./people.ts";
import { finishPubmedPart } from "./pubmed-part.ts";
import { Stream } from "./random.ts";
import { writeHomeNamesakesAsMedline } from "./home-namesakes.ts";
import { Realism } from "./realism.ts";
import { ROSTER_HEADER, type DivisionOptions, type FictionalDivision } from "./types.ts";

/**
 * A fictional division of general internal medicine, with the publication record PubMed would hold
 * for it: the faculty roster, their articles and their namesakes' articles, and which author on
 * which article each faculty member really is; with the ORCID records and the RePORTER projects of
 * its people. Everything is invented; the same seed gives the same division.
 */

export { PROGRAM_YEAR } from "./tables.ts";
export {
  ROSTER_HEADER,
  type DivisionOptions,
  type FictionalDivision,
  type GrantTruthEntry,
  type NamesakeEntry,
  type PresentationScope,
  type PresentationTruthEntry,
  type RosterRow,
  type SandboxOrcidRecord,
  type TruthEntry,
} from "./types.ts";

export const DEFAULT_SEED = DEFAULT_DIVISION_SEED;

export function generateDivision(options: DivisionOptions = {}): FictionalDivision {
  const facultyCount = options.facultyCount ?? 30;
  const fromYear = options.fromYear ?? 2008;
  const toYear = options.toYear ?? 2020;
  if (!Number.isInteger(facultyCount) || facultyCount < 1)
    throw new RangeError("facultyCount must be a positive integer");
  if (!(Number.isInteger(fromYear) && Number.isInteger(toYear) && fromYear <= toYear)) {
    throw new RangeError("fromYear and toYear must be years with fromYear <= toYear");
  }
  const seed = options.seed ?? DEFAULT_SEED;

  // The PubMed part, each pass in this order: every later draw of the main stream depends on it.
  const main = new Stream(seed);
  const home = homeInstitution(main.rng, options.institution);
  const realism = options.realistic ? new Realism(seed) : undefined;
  const people = new People(main, home, facultyCount, realism);
  people.planFaculty();
  realism?.planFaculty(people);
  people.fillPools();
  const writer = new ArticleWriter(people, fromYear, toYear);
  for (const member of people.faculty) writer.writeFacultyArticles(member);
  writer.addCorrectionsAndRetractions();
  writer.writeNamesakeArticles();
  drawOutsideCoauthors(seed, people, writer);
  addHomeCoauthorsToNamesakeArticles(seed, people, writer);
  if (realism) writeHomeNamesakesAsMedline(seed, people, writer);
  const pubmed = finishPubmedPart(people, writer);

  // After the PubMed part is complete, and from a stream of its own, so that the PubMed part of a
  // division stays what it was before ORCID and RePORTER were added.
  const activity = buildActivity(seed, people.faculty, home, pubmed, fromYear, toYear);
  // Faculty affairs have confirmed every other PI's RePORTER profile id; the rest are found by name.
  const faculty = pubmed.faculty.map((row, index) => {
    const profileId = activity.reporterProfileIds[row.faculty_id];
    const confirmed = profileId !== undefined && index % 2 === 0;
    return { ...row, reporter_profile_id: confirmed ? String(profileId) : "" };
  });
  return { ...pubmed, ...activity, faculty };
}

/** The roster as CSV with the standard header, quoted where a value needs it. */
export function rosterCsv(division: Pick<FictionalDivision, "faculty">): string {
  return stringify(division.faculty, { header: true, columns: [...ROSTER_HEADER] });
}
