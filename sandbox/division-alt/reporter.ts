import { foldDiacritics } from "../../src/identity/names.ts";
import type { ReporterPiJson, ReporterProjectJson } from "../../src/sources/reporter/types.ts";
import type { GrantTruthEntry } from "../division/types.ts";
import type { Award, AwardBook, AwardYear } from "./awards.ts";
import { INSTITUTES } from "./fields.ts";
import type { Person, World } from "./people.ts";
import type { Stream } from "./random.ts";

/**
 * RePORTER v2 records of the awards: one per fiscal year (and per supplement), the organisation
 * of that year (an award moves with its PI), PIs with their profile ids under their legal names.
 */

const MECHANISM: Readonly<Record<string, [string, string]>> = {
  K: ["OR", "Other Research-Related"],
  R: ["RP", "Research Projects"],
  U: ["RP", "Research Projects"],
};

function piJson(person: Person, profileId: number, contact: boolean): ReporterPiJson {
  const { first, middle, last } = person.name;
  const plain = (text: string) => foldDiacritics(text);
  return {
    profile_id: profileId,
    first_name: plain(first),
    middle_name: plain(middle),
    last_name: plain(last),
    is_contact_pi: contact,
    full_name: `${plain(first)} ${plain(middle)} ${plain(last)}`,
    title: null,
  };
}

const day = (year: number, month: number, date: number) =>
  `${year}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}T00:00:00`;

function projectJson(
  rng: Stream,
  toYear: number,
  award: Award,
  year: AwardYear,
  profileIdOf: (person: Person) => number,
  applId: number,
): ReporterProjectJson {
  const institute = INSTITUTES[award.institute]!;
  const support = String(year.supportYear).padStart(2, "0");
  const fullSupport = `${support}${year.suffix ?? ""}`;
  const projectNum = `${year.applicationType}${award.core}-${fullSupport}`;
  const contact = award.principalInvestigators.find((pi) => pi.contact)!.person;
  const { institution } = year;
  const amount = year.amount;
  const direct = Math.round(amount / 1.55);
  const [mechanism, fundingMechanism] = MECHANISM[award.activity[0]!] ?? ["RP", "Research Projects"];
  const first = award.years[0]!.fiscalYear;
  const last = award.years[award.years.length - 1]!.fiscalYear;
  const letters = institution.reporterName.replace(/[^A-Z]/g, "");
  const uei = `${letters.padEnd(8, "X").slice(0, 8)}${institution.ringgold.slice(0, 4)}`;
  return {
    appl_id: applId,
    subproject_id: null,
    fiscal_year: year.fiscalYear,
    project_num: projectNum,
    project_serial_num: `${award.institute}${award.serial}`,
    organization: {
      org_name: institution.reporterName,
      city: null,
      country: null,
      org_city: institution.city.toUpperCase(),
      org_country: institution.countryCode === "US" ? "UNITED STATES" : institution.country.toUpperCase(),
      org_state: institution.region ?? null,
      org_state_name: null,
      dept_type: rng.pick([
        "INTERNAL MEDICINE/MEDICINE",
        "INTERNAL MEDICINE/MEDICINE",
        "PUBLIC HEALTH & PREV MEDICINE",
        null,
      ]),
      fips_country_code: null,
      org_duns: [institution.ringgold.padStart(9, "0")],
      org_ueis: [uei],
      primary_duns: institution.ringgold.padStart(9, "0"),
      primary_uei: uei,
      org_fips: institution.countryCode,
      org_ipf_code: institution.ringgold,
      org_zipcode: institution.postcode ? `${institution.postcode}1234` : null,
      external_org_id: Number(institution.ringgold),
    },
    award_type: year.applicationType,
    activity_code: award.activity,
    award_amount: amount,
    is_active: last >= toYear,
    project_num_split: {
      appl_type_code: year.applicationType,
      activity_code: award.activity,
      ic_code: award.institute,
      serial_num: award.serial,
      support_year: support,
      full_support_year: fullSupport,
      suffix_code: year.suffix ?? "",
    },
    principal_investigators: award.principalInvestigators.map((pi) =>
      piJson(pi.person, profileIdOf(pi.person), pi.contact),
    ),
    contact_pi_name: `${foldDiacritics(contact.name.last).toUpperCase()}, ${foldDiacritics(contact.name.first).toUpperCase()} ${foldDiacritics(contact.name.middle).toUpperCase()}`,
    program_officers: [
      { first_name: "PAT", middle_name: "", last_name: "OFFICER", full_name: "PAT  OFFICER" },
    ],
    agency_ic_admin: { code: award.institute, abbreviation: institute.abbreviation, name: institute.name },
    agency_ic_fundings: [
      {
        fy: year.fiscalYear,
        code: award.institute,
        name: institute.name,
        abbreviation: institute.abbreviation,
        total_cost: amount,
        direct_cost_ic: direct,
        indirect_cost_ic: amount - direct,
      },
    ],
    cong_dist: institution.region ? `${institution.region}-0${rng.int(1, 9)}` : null,
    spending_categories: null,
    project_start_date: day(first, 7, 1),
    project_end_date: day(last + 1, 6, 30),
    organization_type: { name: "SCHOOLS OF MEDICINE", code: "20", is_other: false },
    geo_lat_lon: null,
    opportunity_number: `PA-${String(year.fiscalYear % 100).padStart(2, "0")}-${rng.int(100, 399)}`,
    full_study_section: {
      srg_code: "HSOD",
      srg_flex: null,
      sra_designator_code: null,
      sra_flex_code: null,
      group_code: null,
      name: "Health Services Organization and Delivery Study Section",
    },
    award_notice_date: day(year.fiscalYear - 1, rng.int(6, 9), rng.int(1, 28)),
    is_new: year.applicationType === "1",
    mechanism_code_dc: mechanism,
    core_project_num: award.core,
    terms: null,
    pref_terms: null,
    abstract_text: `${award.title}. This project will study ${award.title.toLowerCase()}.`,
    project_title: award.title,
    phr_text: `Public health relevance: ${award.title.toLowerCase()}.`,
    spending_categories_desc: null,
    agency_code: institute.agency,
    covid_response: null,
    arra_funded: "N",
    budget_start: day(year.fiscalYear - 1, 7, 1),
    budget_end: day(year.fiscalYear, 6, 30),
    cfda_code: "93.846",
    funding_mechanism: fundingMechanism,
    direct_cost_amt: direct,
    indirect_cost_amt: amount - direct,
    project_detail_url: `https://reporter.nih.gov/project-details/${applId}`,
    date_added: day(year.fiscalYear - 1, 10, 1),
  };
}

export interface ReporterPart {
  reporterProjects: ReporterProjectJson[];
  /** Profile id of every PI, by person id. */
  profileIds: Map<number, number>;
  grantTruth: GrantTruthEntry[];
}

export function reporterRecords(world: World, book: AwardBook): ReporterPart {
  const rng = world.stream("reporter");
  const profileIds = new Map<number, number>();
  const usedProfiles = new Set<number>();
  const profileIdOf = (person: Person): number => {
    let id = profileIds.get(person.id);
    if (id === undefined) {
      do id = rng.int(1_000_000, 16_000_000);
      while (usedProfiles.has(id));
      usedProfiles.add(id);
      profileIds.set(person.id, id);
    }
    return id;
  };
  const usedAppl = new Set<number>();
  const reporterProjects: ReporterProjectJson[] = [];
  const grantTruth: GrantTruthEntry[] = [];
  for (const award of book.awards) {
    for (const year of award.years) {
      let applId: number;
      do applId = rng.int(6_000_000, 11_900_000);
      while (usedAppl.has(applId));
      usedAppl.add(applId);
      reporterProjects.push(projectJson(rng, world.toYear, award, year, profileIdOf, applId));
    }
    for (const pi of award.principalInvestigators) {
      if (pi.person.faculty)
        grantTruth.push({
          facultyId: pi.person.faculty.facultyId,
          coreProjectNum: award.core,
          role: pi.contact ? "pi" : "multiple_pi",
        });
    }
  }
  reporterProjects.sort((a, b) => a.appl_id - b.appl_id);
  return { reporterProjects, profileIds, grantTruth };
}
