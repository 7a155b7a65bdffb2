import type { ArticleWriter } from "./articles.ts";
import type { NamesakePlan, People } from "./people.ts";
import { Random } from "./random.ts";

// Namesakes at the home institution as real MEDLINE shows them, for the realistic division: the
// department is not always written, and when it is, it may be the department of medicine the
// faculty member's division belongs to too. Drawn from a stream of its own, after every other
// PubMed choice, so that the rest of a seed's division stays as it was.

/** The stream of the home namesakes' affiliations and corridor co-authors. */
const HOME_NAMESAKE_STREAM = 0x40e5;

/** Share of the namesakes at home who work in another division of the department of medicine. */
const IN_A_DIVISION_OF_MEDICINE = 0.5;
/** Share of a home namesake's papers on which a roster member (down the corridor) is a co-author. */
const WITH_A_ROSTER_MEMBER = 0.2;

const DIVISIONS_OF_MEDICINE = [
  "Cardiology",
  "Infectious Diseases",
  "Nephrology",
  "Pulmonary and Critical Care Medicine",
  "Gastroenterology",
];

interface Unit {
  department: string;
  division?: string;
}

/**
 * Rewrites the affiliations of the namesakes at the home institution, paper by paper, in the ways
 * authors write them: unit and department, the department alone ("Department of Medicine" for a
 * cardiologist), the institution or its hospital alone; and puts a roster member on some of their
 * papers, as people of one department write together.
 */
export function writeHomeNamesakesAsMedline(seed: number, people: People, writer: ArticleWriter): void {
  const rng = new Random(seed ^ HOME_NAMESAKE_STREAM);
  const units = new Map<NamesakePlan, Unit>();
  for (const { draft, plan, member, position, year } of writer.namesakeDrafts) {
    if (plan.institution !== "same") continue;
    let unit = units.get(plan);
    if (!unit) {
      const written = /^Department of ([^,]+)/.exec(plan.person.affiliation)?.[1] ?? "Radiology";
      unit = rng.chance(IN_A_DIVISION_OF_MEDICINE)
        ? { department: "Medicine", division: rng.pick(DIVISIONS_OF_MEDICINE) }
        : { department: written };
      units.set(plan, unit);
    }
    const author = draft.record.authors[position]!;
    if (author.affiliations.length > 0) author.affiliations = [affiliation(rng, people, unit)];

    if (!rng.chance(WITH_A_ROSTER_MEMBER)) continue;
    const taken = new Set([position, ...draft.truth.map((entry) => entry.authorIndex)]);
    const free = [...draft.record.authors.keys()].filter(
      (index) => !taken.has(index) && draft.record.authors[index]!.lastName !== undefined,
    );
    const colleagues = people.faculty.filter((other) => other !== member && people.employed(other, year));
    if (free.length === 0 || colleagues.length === 0) continue;
    const slot = rng.pick(free);
    const colleague = rng.pick(colleagues);
    const coauthor = people.facultyAuthor(colleague, year, rng);
    // As MEDLINE keeps them: before 2014 only the first author's affiliation.
    if (year < 2014 ? slot > 0 : rng.chance(0.06)) coauthor.affiliations = [];
    draft.record.authors[slot] = coauthor;
    draft.truth.push({ facultyId: colleague.id, authorIndex: slot });
  }
}

function affiliation(rng: Random, people: People, unit: Unit): string {
  const h = people.home;
  const place = `${h.city}, ${h.region}`;
  const department = `Department of ${unit.department}`;
  const form = rng.weighted([
    ["unit", 3],
    ["department", 3],
    ["institution", 1.5],
    ["hospital", 1],
    ["medical center", 1],
  ] as const);
  switch (form) {
    case "unit":
      return unit.division
        ? `Division of ${unit.division}, ${department}, ${h.name} School of Medicine, ${place}, USA.`
        : `${department}, ${h.name} School of Medicine, ${place}, USA.`;
    case "department":
      return `${department}, ${h.hospital}, ${place} ${h.zip}, USA.`;
    case "institution":
      return `${h.name}, ${place}.`;
    case "hospital":
      return `${h.hospital}, ${place}, USA.`;
    case "medical center":
      return `${h.name} Medical Center, ${place}.`;
  }
}
