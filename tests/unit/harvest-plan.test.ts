import { describe, expect, it } from "vitest";
import { harvestIdentity, planHarvest, type PreviousHarvest } from "../../src/services/harvest-plan.ts";
import { fiscalYearOf, mergeCoreProjectRecords } from "../../src/sources/reporter/index.ts";
import { estimateSecondsLeft } from "../../src/services/runs.ts";
import { formatDuration } from "../../src/cli/duration.ts";

const person = {
  lastName: "Okafor",
  firstName: "Amara",
  middleName: "N",
  orcid: "0000-0002-5550-1238",
  reporterProfileId: null,
  nameVariants: ["Okafor, A N"],
  affiliationTerms: ["Northfield University"],
  orcidNameVariants: [],
  orcidAffiliationTerms: [],
};
const identity = harvestIdentity(person, {});
const settings = { full: false, completeEveryDays: 30, overlapDays: 3 };
const at = (iso: string) => new Date(iso);
const previous = (changes: Partial<PreviousHarvest> = {}): PreviousHarvest => ({
  lastHarvestAt: at("2026-12-06T02:00:00Z"),
  lastCompleteAt: at("2026-11-20T02:00:00Z"),
  identity,
  cursor: "2026-12-01T10:00:00.000Z",
  ...changes,
});

describe("planning a person's harvest at a source", () => {
  it("asks for what entered since the last harvest less the overlap, with the source's cursor", () => {
    expect(planHarvest(previous(), identity, at("2026-12-07T02:00:00Z"), settings)).toEqual({
      mode: "incremental",
      reason: "changes since 2026-12-03 (last harvest 2026-12-06, 3 days' overlap)",
      since: at("2026-12-03T02:00:00Z"),
      cursor: "2026-12-01T10:00:00.000Z",
    });
  });

  it("is complete the first time, when asked, and once the complete pass is due", () => {
    const now = at("2026-12-07T02:00:00Z");
    expect(planHarvest(null, identity, now, settings)).toMatchObject({ mode: "complete" });
    expect(planHarvest(previous(), identity, now, { ...settings, full: true })).toEqual({
      mode: "complete",
      reason: "complete harvest asked for (--full)",
    });
    // Due exactly 30 days after the last complete harvest, not a day later.
    expect(planHarvest(previous(), identity, at("2026-12-20T02:00:00Z"), settings).mode).toBe("complete");
    expect(planHarvest(previous(), identity, at("2026-12-20T01:59:59Z"), settings).mode).toBe("incremental");
  });

  it("is complete after any change to what the search reads: names, ORCID iD, affiliations, years", () => {
    const now = at("2026-12-07T02:00:00Z");
    const changed = [
      harvestIdentity({ ...person, nameVariants: ["Okafor-Novak, Amara"] }, {}),
      harvestIdentity({ ...person, orcid: "0000-0001-5109-3700" }, {}),
      harvestIdentity({ ...person, affiliationTerms: ["Mayo Clinic"] }, {}),
      harvestIdentity({ ...person, orcidNameVariants: ["Okafor, Amy"] }, {}),
      harvestIdentity(person, { sinceYear: 2015 }),
    ];
    for (const next of changed) {
      expect(next).not.toBe(identity);
      expect(planHarvest(previous(), next, now, settings).reason).toBe(
        "names, ORCID iD, affiliation terms or years searched changed since the last harvest",
      );
    }
    // Order and repeats in the lists are not changes.
    expect(harvestIdentity({ ...person, nameVariants: ["Okafor, A N", "Okafor, A N"] }, {})).toBe(identity);
  });
});

describe("RePORTER between complete harvests", () => {
  it("counts fiscal years from October 1", () => {
    expect(fiscalYearOf(at("2026-09-30T23:00:00Z"))).toBe(2026);
    expect(fiscalYearOf(at("2026-10-01T00:00:00Z"))).toBe(2027);
  });

  it("merges a grant's new fiscal years into what is stored, never dropping the older ones", () => {
    const project = (fiscalYear: number, applId: number, title = "Heart failure in rural clinics") => ({
      appl_id: applId,
      project_num: `5R01HL151234-0${fiscalYear - 2018}`,
      core_project_num: "R01HL151234",
      fiscal_year: fiscalYear,
      project_title: title,
      principal_investigators: [{ profile_id: 20123456, first_name: "Maria", last_name: "Okafor" }],
      organization: { org_name: "NORTHFIELD UNIVERSITY" },
    });
    const stored = [project(2019, 1), project(2020, 2)];
    const fresh = [project(2021, 3), project(2020, 2, "Heart failure in rural clinics (revised)")];
    const merged = mergeCoreProjectRecords(stored, fresh) as Array<ReturnType<typeof project>>;
    expect(merged.map((record) => [record.fiscal_year, record.project_title])).toEqual([
      [2019, "Heart failure in rural clinics"],
      [2020, "Heart failure in rural clinics (revised)"],
      [2021, "Heart failure in rural clinics"],
    ]);
  });
});

describe("the time a running harvest has left", () => {
  const progress = (completed: number, failed: number, total: number) => ({
    total,
    completed,
    failed,
    recordsFetched: 0,
    itemsNew: 0,
    itemsUpdated: 0,
    linksAccepted: 0,
    linksPending: 0,
  });
  const started = at("2026-12-07T02:00:00Z");

  it("is the jobs left at the pace of those done, failures included", () => {
    // 300 of 1,200 done in 10 minutes: 900 more take 30 minutes.
    expect(estimateSecondsLeft(progress(280, 20, 1200), started, at("2026-12-07T02:10:00Z"))).toBe(1800);
    expect(formatDuration(1800)).toBe("30 min");
    expect(formatDuration(4020)).toBe("1 h 7 min");
    expect(formatDuration(42)).toBe("42 s");
  });

  it("is unknown before the first job is done, and none once all are", () => {
    expect(estimateSecondsLeft(progress(0, 0, 10), started, at("2026-12-07T02:10:00Z"))).toBeNull();
    expect(estimateSecondsLeft(progress(9, 1, 10), started, at("2026-12-07T02:10:00Z"))).toBeNull();
  });
});
