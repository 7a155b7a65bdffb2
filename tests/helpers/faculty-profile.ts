import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";

/** Ravi Menon, a general internist at Northfield University since 2008: the scoring tests' person. */
export const raviMenon: FacultyProfileInput = {
  id: "F001",
  lastName: "Menon",
  firstName: "Ravi",
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  hireDate: "2008-07-01",
};
