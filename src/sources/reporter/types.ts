/**
 * One RePORTER v2 project record: one fiscal year of one award (a type-5 continuation, a type-2
 * renewal, a type-3 supplement, ...). Fields the response leaves out or gives as null are absent.
 */
export interface ReporterProject {
  /** RePORTER's id of this application (one per fiscal-year record). */
  applId?: number;
  /** Set on the record of one component of a multi-project award (P01, U54, ...). */
  subprojectId?: string;
  /** As RePORTER writes it, e.g. "5R01AI139180-05" or "3R01CA276279-02S1". */
  projectNum: string;
  /** e.g. "R01AI139180": the same for every fiscal year, renewal and supplement of the award. */
  coreProjectNum: string;
  projectSerialNum?: string;
  /** Application type: 1 new, 2 competing renewal, 3 supplement or revision, 5 non-competing, ... */
  applicationType?: string;
  activityCode?: string;
  /** Two-letter IC code inside the project number, e.g. "AI". */
  icCode?: string;
  /** e.g. "05". */
  supportYear?: string;
  /** e.g. "S1", "A1", "A1S1"; absent when the number has none. */
  suffix?: string;
  /** True when the number marks a supplement (S1, S2, ...): it belongs to its parent award. */
  isSupplement: boolean;
  fiscalYear: number;
  /** Total cost awarded for this record, in US dollars. */
  awardAmount?: number;
  directCostAmt?: number;
  indirectCostAmt?: number;
  /** Funding agency, e.g. "NIH" (RePORTER also lists AHRQ, CDC, FDA, VA, ...). */
  agencyCode?: string;
  /** The administering institute or center. */
  agencyIcAdmin?: ReporterAgencyIc;
  agencyIcFundings: ReporterIcFunding[];
  organization?: ReporterOrganization;
  principalInvestigators: ReporterPrincipalInvestigator[];
  /** "LAST, FIRST M", as RePORTER writes it; the only PI name a trimmed (include_fields) record may have. */
  contactPiName?: string;
  projectTitle?: string;
  /** Dates are calendar days, YYYY-MM-DD. */
  projectStartDate?: string;
  projectEndDate?: string;
  budgetStart?: string;
  budgetEnd?: string;
  awardNoticeDate?: string;
  awardType?: string;
  isActive?: boolean;
  isNew?: boolean;
  projectDetailUrl?: string;
}

export interface ReporterPrincipalInvestigator {
  /** RePORTER's person id (eRA Commons profile); the same across all of one person's awards. */
  profileId?: number;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  fullName?: string;
  isContactPi: boolean;
  title?: string;
}

export interface ReporterAgencyIc {
  code?: string;
  abbreviation?: string;
  name?: string;
}

export interface ReporterIcFunding extends ReporterAgencyIc {
  fiscalYear?: number;
  totalCost?: number;
  directCost?: number;
  indirectCost?: number;
}

export interface ReporterOrganization {
  name?: string;
  city?: string;
  state?: string;
  country?: string;
  deptType?: string;
  ueis?: string[];
  externalOrgId?: number;
}

/** One page of a projects/search answer. */
export interface ReporterSearchPage {
  /** Projects matching the search in all, not just on this page. */
  total: number;
  offset: number;
  limit: number;
  projects: ReporterProject[];
}

// ---------------------------------------------------------------------------------------------
// The wire format: RePORTER v2 project records as POST /v2/projects/search returns them in
// `results`, null where RePORTER has nothing. The parser reads them into the records above,
// accepting any of these fields missing or null; the sandbox serves them.

export interface ReporterPiJson {
  profile_id: number;
  first_name: string;
  middle_name: string;
  last_name: string;
  is_contact_pi: boolean;
  full_name: string;
  title: string | null;
}

export interface ReporterOrganizationJson {
  org_name: string;
  city: null;
  country: null;
  org_city: string;
  org_country: string;
  org_state: string | null;
  org_state_name: null;
  dept_type: string | null;
  fips_country_code: null;
  org_duns: string[];
  org_ueis: string[];
  primary_duns: string;
  primary_uei: string;
  org_fips: string;
  org_ipf_code: string;
  org_zipcode: string | null;
  external_org_id: number;
}

export interface ReporterIcJson {
  code: string;
  abbreviation: string;
  name: string;
}

/** One fiscal-year record of an award. */
export interface ReporterProjectJson {
  appl_id: number;
  subproject_id: null;
  fiscal_year: number;
  project_num: string;
  project_serial_num: string;
  organization: ReporterOrganizationJson;
  award_type: string;
  activity_code: string;
  award_amount: number;
  is_active: boolean;
  project_num_split: {
    appl_type_code: string;
    activity_code: string;
    ic_code: string;
    serial_num: string;
    support_year: string;
    full_support_year: string;
    suffix_code: string;
  };
  principal_investigators: ReporterPiJson[];
  contact_pi_name: string;
  program_officers: Array<{ first_name: string; middle_name: string; last_name: string; full_name: string }>;
  agency_ic_admin: ReporterIcJson;
  agency_ic_fundings: Array<{
    fy: number;
    code: string;
    name: string;
    abbreviation: string;
    total_cost: number;
    direct_cost_ic: number;
    indirect_cost_ic: number;
  }>;
  cong_dist: string | null;
  spending_categories: null;
  project_start_date: string;
  project_end_date: string;
  organization_type: { name: string; code: string; is_other: boolean };
  geo_lat_lon: null;
  opportunity_number: string;
  full_study_section: {
    srg_code: string;
    srg_flex: null;
    sra_designator_code: null;
    sra_flex_code: null;
    group_code: null;
    name: string;
  };
  award_notice_date: string;
  is_new: boolean;
  mechanism_code_dc: string;
  core_project_num: string;
  terms: null;
  pref_terms: null;
  abstract_text: string;
  project_title: string;
  phr_text: string;
  spending_categories_desc: null;
  agency_code: string;
  covid_response: null;
  arra_funded: "N";
  budget_start: string;
  budget_end: string;
  cfda_code: string;
  funding_mechanism: string;
  direct_cost_amt: number;
  indirect_cost_amt: number;
  project_detail_url: string;
  date_added: string;
}

/** The answer to POST /v2/projects/search: one page of the records found. */
export interface ReporterSearchJson {
  meta: {
    search_id: string;
    /** Records found in all, not just on this page. */
    total: number;
    offset: number;
    limit: number;
    sort_field: string | null;
    sort_order: "ASC" | "DESC";
    sorted_by_relevance: boolean;
    properties: { URL: string };
  };
  results: ReporterProjectJson[];
}
