import { Faker, base, en } from "@faker-js/faker";
import { AwardPlanner } from "./awards.ts";
import { addAwardFundings, addFoundationFundings } from "./fundings.ts";
import { OrcidRecordBuilder } from "./orcid.ts";
import type { FacultyPlan, HomeInstitution } from "./people.ts";
import { addPresentations } from "./presentations.ts";
import { Random } from "./random.ts";
import { ReporterProjectWriter } from "./reporter.ts";
import type { FictionalDivision, PubmedPart, TruthEntry } from "./types.ts";
import { addArticleWork, addPreprints } from "./works.ts";

// ORCID records and RePORTER projects. Drawn from a stream of their own, after the PubMed part is
// complete, so that a seed's PubMed part is the same with or without them.

const ACTIVITY_STREAM = 0x0c1d;

/** The division's NIH awards as RePORTER lists them, and the ORCID records of its faculty. */
export function buildActivity(
  seed: number,
  faculty: readonly FacultyPlan[],
  home: HomeInstitution,
  pubmed: PubmedPart,
  fromYear: number,
  toYear: number,
): Omit<FictionalDivision, keyof PubmedPart> {
  const rng = new Random(seed ^ ACTIVITY_STREAM);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed ^ ACTIVITY_STREAM);
  const orcid = new OrcidRecordBuilder(rng, faker, home, fromYear, toYear);
  const planner = new AwardPlanner(rng, faker, home, faculty, fromYear, toYear);
  planner.planAwards();
  planner.planNamesakeAwards();
  const reporterProjects = new ReporterProjectWriter(rng, faker, toYear, planner.awards).writeProjects();
  const grantTruth = planner.grantTruth();

  orcid.planRecords(faculty);
  const truthByFaculty = new Map<string, TruthEntry[]>();
  for (const entry of pubmed.truth) {
    const entries = truthByFaculty.get(entry.facultyId);
    if (entries) entries.push(entry);
    else truthByFaculty.set(entry.facultyId, [entry]);
  }
  const articles = new Map(pubmed.articles.map((article) => [article.pmid, article]));
  const live = [...orcid.drafts.values()].filter((draft) => draft.orcid !== orcid.deactivated);
  for (const draft of live) {
    for (const entry of truthByFaculty.get(draft.member.id) ?? [])
      addArticleWork(orcid, draft, articles.get(entry.pmid)!, entry.authorIndex);
    addPreprints(orcid, draft, truthByFaculty.get(draft.member.id) ?? [], articles);
    addPresentations(orcid, draft);
    addAwardFundings(orcid, draft, planner.awards);
    addFoundationFundings(orcid, draft);
  }

  return {
    orcidRecords: orcid.records(),
    reporterProjects,
    reporterProfileIds: planner.reporterProfileIds(reporterProjects),
    grantTruth,
    presentationTruth: orcid.presentationTruth,
  };
}
