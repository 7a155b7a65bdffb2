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
