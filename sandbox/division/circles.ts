import type { ArticleWriter } from "./articles.ts";
import {
  externalAffiliation,
  type CircleOwner,
  type NamesakePlan,
  type People,
  type Person,
} from "./people.ts";
import { Random, Stream } from "./random.ts";
import { OTHER_INSTITUTIONS, type Institution } from "./tables.ts";

// Circles of collaborators: who the faculty and their namesakes write with, drawn after every
// other PubMed choice from streams of their own.

/** The stream that puts home co-authors on namesakes' papers (see addHomeCoauthorsToNamesakeArticles). */
const NAMESAKE_COAUTHOR_STREAM = 0x4e5c;

/** The stream that draws outside co-authors from circles of collaborators (see drawOutsideCoauthors). */
const CIRCLE_STREAM = 0x3c1e;

/**
 * Researchers at the other institutions: circles are drawn from them, and one-off co-authors. As
 * many whatever the division's size: the world a namesake shares by chance does not shrink with
 * the roster.
 */
const WORLD_SIZE = 3000;

/** Share of a paper's outside co-authors who come from its author's circle; the rest are one-offs. */
const FROM_CIRCLE = 0.8;

/** Share of the namesakes first placed at their faculty member's former employer who stay there. */
const STAYS_AT_FORMER_EMPLOYER = 0.2;

/** A recurring collaborator, and how often they write with the circle's owner (relative weight). */
interface CircleMember {
  person: Person;
  weight: number;
}

/**
 * Puts the outside co-authors on every faculty and namesake paper: most from its author's circle
 * of recurring collaborators (their own group, long-term partners), the rest one-off co-authors
 * from the world at large. A namesake's circle is their own, so a namesake's paper shares
 * co-authors with a faculty member's papers only by the chance that one of their collaborators,
 * or a one-off, is also one of the faculty member's. Drawn from a stream of its own, after every
 * other PubMed choice of the main stream, so that the PMIDs and titles of a seed stay as they were.
 */
export function drawOutsideCoauthors(seed: number, people: People, writer: ArticleWriter): void {
  const stream = new Stream(seed ^ CIRCLE_STREAM);
  const { rng } = stream;
  moveNamesakesFromFormerEmployers(people, writer, rng);
  const world: Person[] = [];
  const worldAt = new Map<Institution, Person[]>(OTHER_INSTITUTIONS.map((inst) => [inst, []]));
  for (let i = 0; i < WORLD_SIZE; i++) {
    const institution = rng.pick(OTHER_INSTITUTIONS);
    const person = people.newPerson(
      institution,
      rng.pick(institution.departments),
      undefined,
      undefined,
      stream,
    );
    world.push(person);
    worldAt.get(institution)!.push(person);
  }

  const circles = new Map<CircleOwner, CircleMember[]>();
  // Mentors' circles first: a mentee takes on some of their mentor's collaborators.
  const byId = new Map(people.faculty.map((member) => [member.id, member]));
  const ordered = [
    ...people.faculty.filter((member) => member.mentorId === undefined),
    ...people.faculty.filter((member) => member.mentorId !== undefined),
  ];
  const built: CircleMember[][] = [];
  for (const member of ordered) {
    const chosen = new Set<Person>();
    const mentor = member.mentorId === undefined ? undefined : circles.get(byId.get(member.mentorId)!);
    for (const { person } of rng.shuffle(mentor ?? []).slice(0, rng.int(2, 4))) chosen.add(person);
    // Colleagues in one division share collaborators: a multicentre study, a network.
    if (built.length > 0)
      for (const { person } of rng.shuffle(rng.pick(built)).slice(0, rng.int(0, 2))) chosen.add(person);
    // Where they trained: their former mentor, fellows of their year.
    for (const person of rng.shuffle(worldAt.get(member.prior)!).slice(0, rng.int(2, 5))) chosen.add(person);
    const circle = makeCircle(chosen, rng.int(8, 20), world, rng);
    circles.set(member, circle);
    built.push(circle);
  }
  for (const plan of people.namesakePlans) {
    const chosen = new Set<Person>();
    // Their own group (trainees, staff: theirs alone), and a colleague or two of their department.
    for (let k = rng.int(3, 7); k > 0; k--)
      chosen.add(people.newPerson(plan.at, rng.pick(plan.at.departments), undefined, undefined, stream));
    for (const person of rng.shuffle(worldAt.get(plan.at) ?? []).slice(0, rng.int(0, 2))) chosen.add(person);
    // Namesakes in the same field: now and then one of the faculty member's collaborators is theirs too.
    if (people.realism?.sharesCollaborators())
      for (const { person } of rng.shuffle(circles.get(plan.of) ?? []).slice(0, rng.int(1, 2)))
        chosen.add(person);
    circles.set(plan, makeCircle(chosen, rng.int(6, 18), world, rng));
  }

  const weighted = new Map(
    [...circles].map(([owner, circle]) => [
      owner,
      circle.map(({ person, weight }) => [person, weight] as const),
    ]),
  );
  for (const draft of writer.drafts) {
    if (!draft.outside) continue;
    const { owner, slots, year } = draft.outside;
    const circle = weighted.get(owner)!;
    const { authors } = draft.record;
    const used = new Set<Person>();
    for (const slot of slots) {
      const draw = (): Person => (rng.chance(FROM_CIRCLE) ? rng.weighted(circle) : rng.pick(world));
      let person = draw();
      for (let tries = 0; used.has(person) && tries < 10; tries++) person = draw();
      used.add(person);
      const author = people.personAuthor(person, year, 0.5, rng);
      // The placeholder's affiliation was kept or dropped as MEDLINE does: the same for its successor.
      if (authors[slot]!.affiliations.length === 0) author.affiliations = [];
      authors[slot] = author;
    }
  }
  // An erratum lists the authors of the article it corrects.
  for (const draft of writer.drafts) {
    const original = draft.links.find((link) => link.refType === "ErratumFor")?.target;
    if (original && draft.record.authors.length > 0)
      draft.record.authors = original.record.authors.map((a) => ({
        ...a,
        affiliations: [...a.affiliations],
      }));
  }
}

/**
 * The world here has a dozen other institutions, so a namesake placed among them would work at
 * their faculty member's former employer one time in twelve: far more often than real namesakes,
 * spread over thousands of institutions, do. Most of them move elsewhere (of the same country
 * or not, as they were); some stay, for it happens: a large university holds several people of
 * a common name. The faculty member's papers from there are the hard case they make.
 */
function moveNamesakesFromFormerEmployers(people: People, writer: ArticleWriter, rng: Random): void {
  const moved = new Set<NamesakePlan>();
  for (const plan of people.namesakePlans) {
    if (plan.at !== plan.of.prior || rng.chance(STAYS_AT_FORMER_EMPLOYER)) continue;
    const american = plan.at.country === "USA";
    const elsewhere = OTHER_INSTITUTIONS.filter(
      (institution) => institution !== plan.at && (institution.country === "USA") === american,
    );
    plan.at = rng.pick(elsewhere);
    plan.person.affiliation = externalAffiliation(plan.at, rng.pick(plan.at.departments));
    moved.add(plan);
  }
  for (const { draft, plan, position } of writer.namesakeDrafts) {
    const author = draft.record.authors[position]!;
    if (moved.has(plan) && author.affiliations.length > 0) author.affiliations = [plan.person.affiliation];
  }
}

/**
 * `people`, then others from the world until there are `size`, each with how often they write
 * with the owner: a few close collaborators on most papers, others now and then.
 */
function makeCircle(
  people: Set<Person>,
  size: number,
  world: readonly Person[],
  rng: Random,
): CircleMember[] {
  while (people.size < size) people.add(rng.pick(world));
  return [...people].map((person) => ({ person, weight: Math.exp(0.8 * rng.normal()) }));
}

/**
 * Someone from the home institution on a namesake's paper: a multicentre study, a former trainee.
 * PubMed's [ad] matches any author's affiliation, so a name-plus-affiliation search takes the
 * paper for the faculty member's; sometimes the co-author is on the roster, so the paper is
 * theirs and the namesake is their co-author. Drawn from a stream of its own, after every other
 * PubMed choice, so that the PMIDs, titles and every other article of a seed stay as they were.
 */
export function addHomeCoauthorsToNamesakeArticles(
  seed: number,
  people: People,
  writer: ArticleWriter,
): void {
  const rng = new Random(seed ^ NAMESAKE_COAUTHOR_STREAM);
  for (const { draft, member, position, year } of writer.namesakeDrafts) {
    if (!rng.chance(0.15)) continue;
    const { authors } = draft.record;
    const free = [...authors.keys()].filter((index) => index !== position);
    if (free.length === 0) continue;
    const slot = rng.pick(free);
    const colleagues = people.faculty.filter((other) => other !== member && people.employed(other, year));
    const colleague = colleagues.length > 0 && rng.chance(0.25) ? rng.pick(colleagues) : undefined;
    const author = colleague
      ? people.facultyAuthor(colleague, year, rng)
      : people.personAuthor(rng.pick(people.homePool), year, 0.5, rng);
    // As MEDLINE keeps them: before 2014 only the first author's affiliation.
    if (year < 2014 ? slot > 0 || rng.chance(0.08) : rng.chance(0.06)) author.affiliations = [];
    authors[slot] = author;
    if (colleague) draft.truth.push({ facultyId: colleague.id, authorIndex: slot });
  }
}
