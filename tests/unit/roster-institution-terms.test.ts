import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type ColleagueInput } from "../../src/disambiguation/index.ts";
import { distinctiveTerms } from "../../src/identity/terms.ts";

/**
 * Re-scoring keeps the roster's distinctive affiliation terms worked out once, over everyone, the
 * person included (src/services/roster-colleagues.ts). A profile built from them must be the one
 * built from everyone else's terms as they are written.
 */
const roster: Array<ColleagueInput & { id: string; affiliationTerms: string[] }> = [
  {
    id: "F1",
    lastName: "Okafor",
    firstName: "Maria",
    // Her own terms: one written as a colleague writes it in another case, one that is not distinctive.
    affiliationTerms: ["northfield memorial hospital", "Department of Medicine", "University of Northfield"],
  },
  {
    id: "F2",
    lastName: "Berg",
    firstName: "Ida",
    affiliationTerms: ["Northfield Memorial Hospital", "Lakeside  Clinic", "Division of Cardiology"],
  },
  {
    id: "F3",
    lastName: "Chen",
    firstName: "Wei",
    affiliationTerms: ["University of Northfield", "Lakeside Clinic", "Northfield VA Health System"],
  },
  { id: "F4", lastName: "Ruiz", firstName: "Marta", affiliationTerms: [] },
];

function profileOf(id: string, institutionTerms: readonly string[]) {
  const person = roster.find((row) => row.id === id)!;
  return buildFacultyProfile({
    ...person,
    institutionTerms,
    colleagues: roster,
    orcidAffiliationTerms: ["Lakeside Clinic", "Harbor University"],
  });
}

describe("the roster's affiliation terms worked out once for everyone", () => {
  const everyone = distinctiveTerms(roster.flatMap((row) => row.affiliationTerms));

  it.each(roster.map((row) => row.id))("give %s the profile everyone else's terms give", (id) => {
    const othersTerms = roster.filter((row) => row.id !== id).flatMap((row) => row.affiliationTerms);
    const fromOthers = profileOf(id, othersTerms);
    expect(profileOf(id, everyone)).toEqual(fromOthers);
    expect(fromOthers.homeTerms.length).toBeGreaterThan(0);
  });

  it("keep the person's own writing of a term first, as before", () => {
    expect(profileOf("F1", everyone).homeTerms[0]).toBe("northfield memorial hospital");
    expect(profileOf("F1", everyone).homeTerms).not.toContain("Department of Medicine");
    expect(profileOf("F1", everyone).pastTerms).toEqual(["Harbor University"]);
  });
});
