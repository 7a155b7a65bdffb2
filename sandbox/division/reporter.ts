import type { Faker } from "@faker-js/faker";
import type { ReporterPiJson, ReporterProjectJson } from "../../src/sources/reporter/types.ts";
import { MECHANISMS, type Award, type ReporterPerson } from "./awards.ts";
import { addDays, addYears, interpolate } from "./dates.ts";
import type { Random } from "./random.ts";

// The RePORTER v2 project records of the awards: one per fiscal year, renewal and supplement.

const STUDY_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["HSOD", "Health Services Organization and Delivery Study Section [HSOD]"],
  ["HDEP", "Health Disparities and Equity Promotion Study Section [HDEP]"],
  ["CIHB", "Community Influences on Health Behavior Study Section [CIHB]"],
  ["NRCS", "Nursing and Related Clinical Sciences Study Section [NRCS]"],
  ["MPOR", "NHLBI Mentored Patient-Oriented Research Review Committee [MPOR]"],
];

/** RePORTER's application ids grow with the fiscal year. */
const APPL_ID_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 6_000_000],
  [2005, 6_900_000],
  [2008, 7_450_000],
  [2012, 8_250_000],
  [2016, 9_100_000],
  [2020, 9_950_000],
  [2024, 10_950_000],
];

/** Writes every award's RePORTER project records. */
export class ReporterProjectWriter {
  constructor(
    private readonly rng: Random,
    private readonly faker: Faker,
    private readonly toYear: number,
    private readonly awards: readonly Award[],
  ) {}

  /** Every fiscal-year record of every award, application ids in order of award, sorted by them. */
  writeProjects(): ReporterProjectJson[] {
    const now = new Date(Date.UTC(this.toYear, 8, 30));
    const pending: Array<{ record: ReporterProjectJson; budgetStart: number }> = [];
    for (const award of this.awards) {
      const mechanism = MECHANISMS[award.activity]!;
      const base = this.rng.int(mechanism.amount[0], mechanism.amount[1]);
      const indirectRate =
        mechanism.indirect[0] + (mechanism.indirect[1] - mechanism.indirect[0]) * this.rng.next();
      const total = award.segments.reduce((sum, years) => sum + years, 0);
      const segmentEnd = (segment: number): Date =>
        addDays(
          addYears(
            award.start,
            award.segments.slice(0, segment + 1).reduce((sum, years) => sum + years, 0),
          ),
          -1,
        );
      const projectEnd = segmentEnd(award.segments.length - 1);
      const [srgCode, srgName] = award.activity.startsWith("K")
        ? STUDY_SECTIONS[4]!
        : this.rng.pick(STUDY_SECTIONS.slice(0, 4));
      const officer = {
        first_name: this.faker.person.firstName().toUpperCase(),
        middle_name: this.rng.chance(0.5) ? this.faker.person.firstName().charAt(0).toUpperCase() : "",
        last_name: this.faker.person.lastName().toUpperCase(),
      };
      const programOfficer = {
        ...officer,
        full_name: `${officer.first_name} ${officer.middle_name} ${officer.last_name}`,
      };
      for (let supportYear = 1; supportYear <= total; supportYear++) {
        const budgetStart = addYears(award.start, supportYear - 1);
        const fiscalYear = fiscalYearOf(budgetStart);
        if (fiscalYear > this.toYear) break;
        const segment = supportYear <= award.segments[0]! ? 0 : 1;
        const type =
          supportYear === 1 ? "1" : segment === 1 && supportYear === award.segments[0]! + 1 ? "2" : "5";
        const amount = Math.round(base * (1 + this.rng.int(-3, 3) / 100));
        const shared = {
          award,
          fiscalYear,
          projectEnd: segmentEnd(segment),
          active: projectEnd > now,
          indirectRate,
          srg: [srgCode, srgName] as const,
          programOfficer,
        };
        pending.push({
          record: this.projectRecord({ ...shared, type, supportYear, suffix: "", amount, budgetStart }),
          budgetStart: budgetStart.getTime(),
        });
        if (award.supplementYear === supportYear) {
          const start = addDays(budgetStart, this.rng.int(60, 200));
          pending.push({
            record: this.projectRecord({
              ...shared,
              fiscalYear: fiscalYearOf(start),
              type: "3",
              supportYear,
              suffix: "S1",
              amount: this.rng.int(40_000, 160_000),
              budgetStart: start,
            }),
            budgetStart: start.getTime(),
          });
        }
      }
    }
    pending.sort((a, b) => a.record.fiscal_year - b.record.fiscal_year || a.budgetStart - b.budgetStart);
    let previous = 0;
    for (const { record } of pending) {
      previous = Math.max(
        previous + 1 + this.rng.int(0, 3_000),
        Math.round(interpolate(APPL_ID_BY_YEAR, record.fiscal_year)) + this.rng.int(0, 60_000),
      );
      record.appl_id = previous;
      record.project_detail_url = `https://reporter.nih.gov/project-details/${previous}`;
    }
    return pending.map(({ record }) => record);
  }

  private projectRecord(spec: {
    award: Award;
    fiscalYear: number;
    type: string;
    supportYear: number;
    suffix: string;
    amount: number;
    budgetStart: Date;
    projectEnd: Date;
    active: boolean;
    indirectRate: number;
    srg: readonly [string, string];
    programOfficer: ReporterProjectJson["program_officers"][number];
  }): ReporterProjectJson {
    const { award } = spec;
    const support = String(spec.supportYear).padStart(2, "0");
    const direct = Math.round(spec.amount / (1 + spec.indirectRate));
    const indirect = spec.amount - direct;
    const budgetEnd = addDays(
      spec.suffix ? addYears(award.start, spec.supportYear) : addYears(spec.budgetStart, 1),
      -1,
    );
    const contact = award.contact;
    const organization = contact.organization;
    const record: ReporterProjectJson = {
      appl_id: 0,
      subproject_id: null,
      fiscal_year: spec.fiscalYear,
      project_num: `${spec.type}${award.activity}${award.ic.code}${award.serial}-${support}${spec.suffix}`,
      project_serial_num: `${award.ic.code}${award.serial}`,
      organization,
      award_type: spec.type,
      activity_code: award.activity,
      award_amount: spec.amount,
      is_active: spec.active,
      project_num_split: {
        appl_type_code: spec.type,
        activity_code: award.activity,
        ic_code: award.ic.code,
        serial_num: award.serial,
        support_year: support,
        full_support_year: `${support}${spec.suffix}`,
        suffix_code: spec.suffix,
      },
      // The contact PI first, as RePORTER lists them.
      principal_investigators: [contact, ...award.pis.filter((pi) => pi !== contact)].map((pi) =>
        reporterPiJson(pi, pi === contact),
      ),
      contact_pi_name:
        `${contact.last.toUpperCase()}, ${contact.first.toUpperCase()} ${contact.middle.toUpperCase()}`.replace(
          / +$/,
          " ",
        ),
      program_officers: [spec.programOfficer],
      agency_ic_admin: { code: award.ic.code, abbreviation: award.ic.abbreviation, name: award.ic.name },
      agency_ic_fundings: [
        {
          fy: spec.fiscalYear,
          code: award.ic.code,
          name: award.ic.name,
          abbreviation: award.ic.abbreviation,
          total_cost: spec.amount,
          direct_cost_ic: direct,
          indirect_cost_ic: indirect,
        },
      ],
      cong_dist: contact.congressionalDistrict,
      spending_categories: null,
      project_start_date: reporterDate(award.start),
      project_end_date: reporterDate(spec.projectEnd),
      organization_type: { name: "SCHOOLS OF MEDICINE", code: "20", is_other: false },
      geo_lat_lon: null,
      opportunity_number: MECHANISMS[award.activity]!.opportunity,
      full_study_section: {
        srg_code: spec.srg[0],
        srg_flex: null,
        sra_designator_code: null,
        sra_flex_code: null,
        group_code: null,
        name: spec.srg[1],
      },
      award_notice_date: reporterDate(addDays(spec.budgetStart, -this.rng.int(5, 45))),
      is_new: spec.type === "1",
      mechanism_code_dc: MECHANISMS[award.activity]!.budgetMechanism,
      core_project_num: award.core,
      terms: null,
      pref_terms: null,
      abstract_text:
        `Little is known about ${award.topic.phrase} ${award.population}. ` +
        `This project will test practical strategies for ${award.topic.phrase} and measure their effect on patient outcomes.`,
      project_title: award.title,
      phr_text: `Narrative\nBetter ${award.topic.phrase} could improve the health of patients seen ${award.population}.`,
      spending_categories_desc: null,
      agency_code: award.ic.agency,
      covid_response: null,
      arra_funded: "N",
      budget_start: reporterDate(spec.budgetStart),
      budget_end: reporterDate(budgetEnd),
      cfda_code: award.ic.cfda,
      funding_mechanism: "Non-SBIR/STTR",
      direct_cost_amt: direct,
      indirect_cost_amt: indirect,
      project_detail_url: "",
      date_added: `${reporterDate(addDays(spec.budgetStart, this.rng.int(1, 20))).slice(0, 10)}T${String(this.rng.int(6, 22)).padStart(2, "0")}:${String(this.rng.int(0, 59)).padStart(2, "0")}:${String(this.rng.int(0, 59)).padStart(2, "0")}`,
    };
    award.records.push(record);
    return record;
  }
}

function reporterPiJson(person: ReporterPerson, contact: boolean): ReporterPiJson {
  const cased = (value: string): string =>
    person.mixedCase
      ? value.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
      : value.toUpperCase();
  return {
    profile_id: person.profileId,
    first_name: cased(person.first),
    middle_name: cased(person.middle),
    last_name: cased(person.last),
    is_contact_pi: contact,
    // RePORTER joins the parts with single spaces, leaving two where the middle name is empty.
    full_name: `${cased(person.first)} ${cased(person.middle)} ${cased(person.last)}`.replace(/^ +| +$/g, ""),
    title: person.title,
  };
}

/** NIH's fiscal year N runs from October 1 of N-1 to September 30 of N. */
function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

/** A calendar day as RePORTER v2 writes it: local midnight, no zone. */
function reporterDate(date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00`;
}
