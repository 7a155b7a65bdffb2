import type { Faker } from "@faker-js/faker";
import type {
  OrcidEmploymentSummaryJson,
  OrcidEmploymentsJson,
  OrcidExternalIdJson,
  OrcidFundingContributorJson,
  OrcidFundingJson,
  OrcidFundingSummaryJson,
  OrcidOrganizationJson,
  OrcidPersonJson,
  OrcidSourceJson,
  OrcidValue,
  OrcidWorkContributorJson,
  OrcidWorkJson,
  OrcidWorkSummaryJson,
} from "../../src/sources/orcid/types.ts";
import type { PartialDate } from "../../src/sources/pubmed/types.ts";
import { DAY_MS, ymd } from "./dates.ts";
import { externalId, groupIds, orcidDate, orcidIdentifier, workContributor } from "./orcid-json.ts";
import type { FacultyPlan, HomeInstitution } from "./people.ts";
import type { Random } from "./random.ts";
import { ORCID_COUNTRIES, TOPICS, type Topic } from "./tables.ts";
import { initialsOf, withoutAccents } from "./text.ts";
import type { PresentationTruthEntry, SandboxOrcidRecord } from "./types.ts";

// The ORCID records of the faculty with an iD: their works and fundings, each in the versions its
// sources sent, their names and their employments.

export interface WorkVersion {
  summary: OrcidWorkSummaryJson;
  detail: OrcidWorkJson;
  /** yyyymmdd of the work, to list the newest first as ORCID does. */
  sortKey: number;
}

export interface FundingVersion {
  summary: OrcidFundingSummaryJson;
  detail: OrcidFundingJson;
  sortKey: number;
}

export interface OrcidDraft {
  member: FacultyPlan;
  orcid: string;
  /** The name the owner's own entries carry as their source name. */
  displayName: string;
  /** Topics the person works on: grants, talks and preprints are about them. */
  topics: Topic[];
  works: WorkVersion[][];
  fundings: FundingVersion[][];
  /** How much of their PubMed output the person keeps on ORCID. */
  completeness: number;
}

export interface WorkSpec {
  source: OrcidSourceJson;
  type: string;
  title: string;
  journalTitle?: string;
  date: PartialDate;
  ids: OrcidExternalIdJson[];
  url?: string;
  contributors: OrcidWorkContributorJson[];
  displayIndex?: string;
}

/** Builds every ORCID record of the division; the works, talks and fundings are added to its drafts. */
export class OrcidRecordBuilder {
  readonly drafts = new Map<string, OrcidDraft>();
  readonly draftsByFaculty = new Map<string, OrcidDraft>();
  readonly presentationTruth: PresentationTruthEntry[] = [];
  private workPutCode: number;
  private fundingPutCode: number;
  private otherPutCode: number;
  readonly institutionClient: { clientId: string; name: string };
  private readonly homeRor: string;
  /** The iD of the one record ORCID has deactivated, when there is one. */
  deactivated?: string;

  /** Draws the record's first put-codes and the institution's identifiers: the stream's first draws. */
  constructor(
    readonly rng: Random,
    readonly faker: Faker,
    readonly home: HomeInstitution,
    readonly fromYear: number,
    readonly toYear: number,
  ) {
    this.workPutCode = this.rng.int(20_000_000, 30_000_000);
    this.fundingPutCode = this.rng.int(400_000, 900_000);
    this.otherPutCode = this.rng.int(1_000_000, 3_000_000);
    this.institutionClient = {
      clientId: `APP-${this.rng.code(16, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")}`,
      name: `${home.name} Research Information System`,
    };
    this.homeRor = `https://ror.org/0${this.rng.code(6, "0123456789abcdefghjkmnpqrstvwxyz")}${this.rng.int(10, 99)}`;
  }

  /** A draft record for each faculty member with an ORCID iD, and the one that is deactivated. */
  planRecords(faculty: readonly FacultyPlan[]): void {
    const withOrcid = faculty.filter((member) => member.orcid !== undefined);
    for (const member of withOrcid) {
      const orcid = member.orcid!;
      const draft: OrcidDraft = {
        member,
        orcid,
        displayName: this.displayName(member),
        topics: this.rng.shuffle(TOPICS).slice(0, 2),
        works: [],
        fundings: [],
        completeness: 0.3 + 0.65 * this.rng.next(),
      };
      this.drafts.set(orcid, draft);
      this.draftsByFaculty.set(member.id, draft);
    }
    // One record ORCID has deactivated, so the harvest meets that answer: not when it is the only one.
    if (withOrcid.length >= 2) this.deactivated = this.rng.pick(withOrcid).orcid;
  }

  /** Every record as the API serves it, by iD. */
  records(): Record<string, SandboxOrcidRecord> {
    const orcidRecords: Record<string, SandboxOrcidRecord> = {};
    for (const draft of this.drafts.values()) {
      orcidRecords[draft.orcid] =
        draft.orcid === this.deactivated ? this.deactivatedRecord(draft) : this.record(draft);
    }
    return orcidRecords;
  }

  private displayName(member: FacultyPlan): string {
    const { name } = member;
    const middle = name.middle ? ` ${name.middle.length === 1 ? `${name.middle}.` : name.middle}` : "";
    return `${name.first}${middle} ${name.last}${name.suffix ? ` ${name.suffix}` : ""}`;
  }

  ownSource(draft: OrcidDraft): OrcidSourceJson {
    return {
      "source-orcid": orcidIdentifier(draft.orcid),
      "source-client-id": null,
      "source-name": { value: draft.displayName },
      "assertion-origin-orcid": null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": null,
    };
  }

  clientSource(client: { clientId: string; name: string }, draft?: OrcidDraft): OrcidSourceJson {
    return {
      "source-orcid": null,
      "source-client-id": {
        uri: `https://orcid.org/client/${client.clientId}`,
        path: client.clientId,
        host: "orcid.org",
      },
      "source-name": { value: client.name },
      "assertion-origin-orcid": draft ? orcidIdentifier(draft.orcid) : null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": draft ? { value: draft.displayName } : null,
    };
  }

  /** Milliseconds since 1970 of when an item of `year` reached ORCID: not before ORCID opened. */
  private stamp(date: PartialDate): number {
    const at =
      Date.UTC(Math.max(date.year, 2013), (date.month ?? 1) - 1, date.day ?? 1) +
      this.rng.int(3, 200) * DAY_MS +
      this.rng.int(0, DAY_MS - 1);
    return Math.min(at, Date.UTC(this.toYear, 11, 31, 12));
  }

  workVersion(draft: OrcidDraft, spec: WorkSpec): WorkVersion {
    this.workPutCode += this.rng.int(1, 90_000);
    const putCode = this.workPutCode;
    const created = this.stamp(spec.date);
    const common = {
      "put-code": putCode,
      "created-date": { value: created },
      "last-modified-date": { value: created + (this.rng.chance(0.3) ? this.rng.int(1, 90) * DAY_MS : 0) },
      source: spec.source,
      title: { title: { value: spec.title }, subtitle: null, "translated-title": null },
      "external-ids": { "external-id": spec.ids },
      url: spec.url === undefined ? null : { value: spec.url },
      type: spec.type,
      "publication-date": orcidDate(spec.date),
      "journal-title": spec.journalTitle === undefined ? null : { value: spec.journalTitle },
      visibility: "public" as const,
      path: `/${draft.orcid}/work/${putCode}`,
    };
    return {
      summary: { ...common, "display-index": spec.displayIndex ?? "0" },
      detail: {
        ...common,
        "short-description": null,
        citation: null,
        contributors: { contributor: spec.contributors },
        "language-code": this.rng.chance(0.5) ? "en" : null,
        country: null,
      },
      sortKey: ymd(spec.date),
    };
  }

  /**
   * Contributors of a talk or preprint: the owner at `ownerAt` (0 first, -1 last) and made-up
   * co-authors; the owner's mentor among them when given.
   */
  coauthors(
    draft: OrcidDraft,
    count: number,
    ownerAt: number,
    mentor?: OrcidDraft,
  ): OrcidWorkContributorJson[] {
    const names: Array<{ name: string; orcid?: string }> = Array.from(
      { length: Math.max(0, count - 1) },
      () => ({
        name: `${this.faker.person.firstName()} ${this.faker.person.lastName()}`,
      }),
    );
    if (mentor) names.push({ name: mentor.displayName, orcid: mentor.orcid });
    const owner = { name: draft.displayName, orcid: draft.orcid };
    if (ownerAt === 0) names.unshift(owner);
    else if (ownerAt === -1 && !mentor) names.push(owner);
    else names.splice(Math.min(names.length, 1 + this.rng.int(0, Math.max(0, names.length - 1))), 0, owner);
    return names.map((person, i) =>
      workContributor(person.name, person.orcid, i === 0 ? "first" : "additional"),
    );
  }

  fundingVersion(
    draft: OrcidDraft,
    spec: {
      source: OrcidSourceJson;
      type: OrcidFundingSummaryJson["type"];
      title: string;
      organization: OrcidOrganizationJson;
      grantNumber?: string;
      url?: string;
      start?: PartialDate;
      end?: PartialDate;
      definedType?: string;
      amount?: number;
      contributors: OrcidFundingContributorJson[];
      displayIndex?: string;
    },
  ): FundingVersion {
    this.fundingPutCode += this.rng.int(1, 5_000);
    const putCode = this.fundingPutCode;
    const created = this.stamp(spec.start ?? { year: this.toYear - 1 });
    const common = {
      "put-code": putCode,
      "created-date": { value: created },
      "last-modified-date": { value: created },
      source: spec.source,
      title: { title: { value: spec.title }, "translated-title": null },
      "external-ids": {
        "external-id":
          spec.grantNumber === undefined
            ? []
            : [externalId("grant_number", spec.grantNumber, undefined, spec.url)],
      },
      url: spec.url === undefined ? null : { value: spec.url },
      type: spec.type,
      "start-date": spec.start === undefined ? null : orcidDate(spec.start),
      "end-date": spec.end === undefined ? null : orcidDate(spec.end),
      organization: spec.organization,
      visibility: "public" as const,
      path: `/${draft.orcid}/funding/${putCode}`,
    };
    return {
      summary: { ...common, "display-index": spec.displayIndex ?? "0" },
      detail: {
        ...common,
        "organization-defined-type": spec.definedType === undefined ? null : { value: spec.definedType },
        "short-description": null,
        amount: spec.amount === undefined ? null : { value: String(spec.amount), "currency-code": "USD" },
        contributors: { contributor: spec.contributors },
      },
      sortKey: spec.start ? ymd(spec.start) : 0,
    };
  }

  private record(draft: OrcidDraft): SandboxOrcidRecord {
    const works = draft.works
      .filter((versions) => versions.length > 0)
      .sort((a, b) => b[0]!.sortKey - a[0]!.sortKey || a[0]!.summary["put-code"] - b[0]!.summary["put-code"]);
    const fundings = draft.fundings
      .filter((versions) => versions.length > 0)
      .sort((a, b) => b[0]!.sortKey - a[0]!.sortKey || a[0]!.summary["put-code"] - b[0]!.summary["put-code"]);
    const workGroups = works.map((versions) => ({
      "last-modified-date": {
        value: Math.max(...versions.map((v) => v.summary["last-modified-date"].value)),
      },
      "external-ids": { "external-id": groupIds(versions.map((v) => v.summary)) },
      "work-summary": versions.map((v) => v.summary),
    }));
    const fundingGroups = fundings.map((versions) => ({
      "last-modified-date": {
        value: Math.max(...versions.map((v) => v.summary["last-modified-date"].value)),
      },
      "external-ids": { "external-id": groupIds(versions.map((v) => v.summary)) },
      "funding-summary": versions.map((v) => v.summary),
    }));
    const latest = (
      groups: ReadonlyArray<{ "last-modified-date": OrcidValue<number> }>,
    ): OrcidValue<number> | null =>
      groups.length === 0
        ? null
        : { value: Math.max(...groups.map((group) => group["last-modified-date"].value)) };
    return {
      works: { "last-modified-date": latest(workGroups), group: workGroups, path: `/${draft.orcid}/works` },
      workDetails: Object.fromEntries(
        works.flat().map((version) => [String(version.detail["put-code"]), version.detail]),
      ),
      fundings: {
        "last-modified-date": latest(fundingGroups),
        group: fundingGroups,
        path: `/${draft.orcid}/fundings`,
      },
      fundingDetails: Object.fromEntries(
        fundings.flat().map((version) => [String(version.detail["put-code"]), version.detail]),
      ),
      person: this.person(draft),
      employments: this.employments(draft),
    };
  }

  /** What ORCID still holds of a deactivated record: nothing, under its placeholder names. */
  private deactivatedRecord(draft: OrcidDraft): SandboxOrcidRecord {
    const person = this.personDocument(
      draft.orcid,
      "Given Names Deactivated",
      "Family Name Deactivated",
      null,
      [],
    );
    return {
      status: "deactivated",
      works: { "last-modified-date": null, group: [], path: `/${draft.orcid}/works` },
      workDetails: {},
      fundings: { "last-modified-date": null, group: [], path: `/${draft.orcid}/fundings` },
      fundingDetails: {},
      person,
      employments: {
        "last-modified-date": null,
        "affiliation-group": [],
        path: `/${draft.orcid}/employments`,
      },
    };
  }

  /** The record's names, with the other names the person publishes under (maiden name, no accents, initials). */
  private person(draft: OrcidDraft): OrcidPersonJson {
    const { name } = draft.member;
    const given = name.middle && this.rng.chance(0.3) ? `${name.first} ${name.middle}` : name.first;
    const others: string[] = [];
    for (const variant of name.variants) {
      const [last, first] = variant.split(",").map((part) => part.trim());
      others.push(this.rng.chance(0.5) || !first ? variant : `${first} ${last}`);
    }
    if (this.rng.chance(0.35))
      others.push(
        `${initialsOf(name.first).split("").join(". ")}.${name.middle ? ` ${name.middle.charAt(0)}.` : ""} ${name.last}`,
      );
    if (withoutAccents(`${name.first} ${name.last}`) !== `${name.first} ${name.last}` && this.rng.chance(0.5))
      others.push(withoutAccents(`${name.first} ${name.last}`));
    const credit = this.rng.chance(0.4) ? draft.displayName : null;
    return this.personDocument(draft.orcid, given, name.last, credit, [...new Set(others)]);
  }

  private personDocument(
    orcid: string,
    given: string,
    family: string,
    credit: string | null,
    otherNames: readonly string[],
  ): OrcidPersonJson {
    const created = this.stamp({ year: 2013 });
    const source = {
      "source-orcid": orcidIdentifier(orcid),
      "source-client-id": null,
      "source-name": { value: `${given} ${family}` },
      "assertion-origin-orcid": null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": null,
    };
    const items = otherNames.map((content, index) => {
      this.otherPutCode += this.rng.int(1, 9_000);
      return {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        source,
        content,
        visibility: "public" as const,
        path: `/${orcid}/other-names/${this.otherPutCode}`,
        "put-code": this.otherPutCode,
        "display-index": otherNames.length - index,
      };
    });
    const empty = (items: string, path: string): OrcidPersonJson["emails"] => ({
      "last-modified-date": null,
      [items]: [],
      path: `/${orcid}/${path}`,
    });
    return {
      "last-modified-date": { value: created },
      name: {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        "given-names": { value: given },
        "family-name": { value: family },
        "credit-name": credit === null ? null : { value: credit },
        source: null,
        visibility: "public",
        path: orcid,
      },
      "other-names": {
        "last-modified-date": items.length > 0 ? { value: created } : null,
        "other-name": items,
        path: `/${orcid}/other-names`,
      },
      biography: null,
      "researcher-urls": empty("researcher-url", "researcher-urls"),
      emails: empty("email", "email"),
      addresses: empty("address", "address"),
      keywords: empty("keyword", "keywords"),
      "external-identifiers": empty("external-identifier", "external-identifiers"),
      path: `/${orcid}/person`,
    };
  }

  /** The current appointment (a promotion splits it in two) and the position held before it. */
  private employments(draft: OrcidDraft): OrcidEmploymentsJson {
    const { member } = draft;
    const home: OrcidOrganizationJson = {
      name: this.home.name,
      address: { city: this.home.city, region: this.home.region, country: "US" },
      "disambiguated-organization": {
        "disambiguated-organization-identifier": this.homeRor,
        "disambiguation-source": "ROR",
      },
    };
    const prior = member.prior;
    const priorOrganization: OrcidOrganizationJson = {
      name: prior.name,
      address: { city: prior.city, region: prior.region, country: ORCID_COUNTRIES[prior.country] ?? "US" },
      "disambiguated-organization": {
        "disambiguated-organization-identifier": String(this.rng.int(1000, 99_999)),
        "disambiguation-source": "RINGGOLD",
      },
    };
    const department = this.rng.chance(0.5)
      ? "Department of Medicine"
      : "Division of General Internal Medicine";
    const hired = { year: member.hireYear, month: member.hireMonth, day: 1 };
    const entries: Array<
      Omit<
        OrcidEmploymentSummaryJson,
        | "put-code"
        | "path"
        | "created-date"
        | "last-modified-date"
        | "source"
        | "url"
        | "external-ids"
        | "display-index"
        | "visibility"
      >
    > = [];
    const ranks =
      member.role === "full"
        ? ["Associate Professor of Medicine", "Professor of Medicine"]
        : member.role === "associate"
          ? ["Assistant Professor of Medicine", "Associate Professor of Medicine"]
          : ["Assistant Professor of Medicine"];
    const promoted = member.hireYear + this.rng.int(5, 7);
    if (ranks.length === 2 && promoted <= this.toYear) {
      entries.push({
        "department-name": department,
        "role-title": ranks[1]!,
        "start-date": orcidDate({ year: promoted, month: 7, day: 1 }),
        "end-date": null,
        organization: home,
      });
      entries.push({
        "department-name": department,
        "role-title": ranks[0]!,
        "start-date": orcidDate(hired),
        "end-date": orcidDate({ year: promoted, month: 6, day: 30 }),
        organization: home,
      });
    } else {
      entries.push({
        "department-name": department,
        "role-title": ranks.at(-1)!,
        "start-date": orcidDate(hired),
        "end-date": null,
        organization: home,
      });
    }
    const priorStart = member.hireYear - this.rng.int(2, 4);
    entries.push({
      "department-name": this.rng.pick(prior.departments),
      "role-title": this.rng.pick([
        "Clinical Instructor",
        "Fellow in General Internal Medicine",
        "Assistant Professor",
        "Research Fellow",
      ]),
      "start-date": orcidDate({ year: priorStart, month: 7, day: this.rng.chance(0.5) ? 1 : undefined }),
      "end-date": orcidDate({
        year: member.hireMonth <= 1 ? member.hireYear - 1 : member.hireYear,
        month: member.hireMonth <= 1 ? 12 : member.hireMonth - 1,
      }),
      organization: priorOrganization,
    });
    const source = this.ownSource(draft);
    const groups = entries.map((entry) => {
      this.otherPutCode += this.rng.int(1, 9_000);
      const created = this.stamp({ year: 2013 });
      const summary: OrcidEmploymentSummaryJson = {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        source,
        "put-code": this.otherPutCode,
        ...entry,
        url: null,
        "external-ids": null,
        "display-index": "0",
        visibility: "public",
        path: `/${draft.orcid}/employment/${this.otherPutCode}`,
      };
      return {
        "last-modified-date": { value: created },
        "external-ids": { "external-id": [] as never[] },
        summaries: [{ "employment-summary": summary }],
      };
    });
    return {
      "last-modified-date": { value: Math.max(...groups.map((group) => group["last-modified-date"].value)) },
      "affiliation-group": groups,
      path: `/${draft.orcid}/employments`,
    };
  }
}
