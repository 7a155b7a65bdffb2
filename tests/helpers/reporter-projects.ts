import type { FictionalDivision } from "../../sandbox/division/types.ts";

/**
 * A principal investigator's many fiscal-year records, copied from one of the division's projects
 * with a profile id: an answer longer than RePORTER's 500-project page.
 */
export function projectsOfProlificInvestigator(division: FictionalDivision, profileId: number, count: number) {
  const template = division.reporterProjects.find((project) =>
    project.principal_investigators?.some((pi) => pi.profile_id),
  )!;
  return Array.from({ length: count }, (_, index) => ({
    ...template,
    appl_id: 90_000_000 + index,
    project_num: `5R01HL${String(900000 + index)}-01`,
    core_project_num: `R01HL${String(900000 + index)}`,
    principal_investigators: [{ ...template.principal_investigators[0]!, profile_id: profileId }],
  }));
}
