import type { OrcidFundingSummaryJson } from "../../src/sources/orcid/types.ts";
import { MECHANISMS, type Award } from "./awards.ts";
import { addDays, addYears, dateOf } from "./dates.ts";
import { fundingContributor } from "./orcid-json.ts";
import type { OrcidDraft, OrcidRecordBuilder } from "./orcid.ts";
import { POPULATIONS } from "./tables.ts";
import { ascii, capitalize } from "./text.ts";

// Fundings on ORCID records: the person's NIH awards, and foundation and society awards that only
// ORCID (or a CV) knows.

interface Foundation {
  name: string;
  city: string;
  region: string;
  type: OrcidFundingSummaryJson["type"];
  amount: readonly [number, number];
  /** What the funder calls the award. */
  definedType: string;
}

const FOUNDATIONS: Foundation[] = [
  {
    name: "Harwell Foundation for Primary Care",
    city: "Boston",
    region: "MA",
    type: "grant",
    amount: [25_000, 150_000],
    definedType: "Practice Innovation Grant",
  },
  {
    name: "Lakemont Health Trust",
    city: "Chicago",
    region: "IL",
    type: "grant",
    amount: [50_000, 300_000],
    definedType: "Health Equity Research Grant",
  },
  {
    name: "Alder Family Foundation",
    city: "Minneapolis",
    region: "MN",
    type: "salary-award",
    amount: [90_000, 240_000],
    definedType: "Scholars in Aging Award",
  },
  {
    name: "Society of General Internal Medicine",
    city: "Alexandria",
    region: "VA",
    type: "award",
    amount: [10_000, 50_000],
    definedType: "Career Development Award",
  },
  {
    name: "Brightwater Medical Education Fund",
    city: "Philadelphia",
    region: "PA",
    type: "grant",
    amount: [10_000, 60_000],
    definedType: "Educational Innovation Grant",
  },
];

/** The person's NIH awards as they list them on ORCID: lead if the contact PI, co-lead otherwise. */
export function addAwardFundings(
  builder: OrcidRecordBuilder,
  draft: OrcidDraft,
  awards: readonly Award[],
): void {
  for (const award of awards) {
    if (award.records.length === 0) continue;
    const self = award.pis.find((pi) => pi.facultyId === draft.member.id);
    if (!self || !builder.rng.chance(0.75)) continue;
    const first = award.records.reduce((a, b) => (a.appl_id < b.appl_id ? a : b));
    const grantNumber = builder.rng.weighted([
      [award.core, 5],
      [first.project_num, 2],
      [`${award.activity} ${award.ic.code}${award.serial}`, 3],
    ] as const);
    const end = addDays(
      addYears(
        award.start,
        award.segments.reduce((sum, years) => sum + years, 0),
      ),
      -1,
    );
    const dated = builder.rng.chance(0.8);
    const total = award.records.reduce((sum, record) => sum + record.award_amount, 0);
    const role = self === award.contact ? "lead" : "co-lead";
    const contributors = builder.rng.chance(0.2)
      ? []
      : [
          fundingContributor(draft.displayName, draft.orcid, role),
          ...(builder.rng.chance(0.3)
            ? award.pis
                .filter((pi) => pi !== self)
                .map((pi) =>
                  fundingContributor(
                    `${capitalize(pi.first.toLowerCase())} ${capitalize(pi.last.toLowerCase())}`,
                    undefined,
                    pi === award.contact ? "lead" : "co-lead",
                  ),
                )
            : []),
        ];
    const spec = {
      type: "grant" as const,
      title: award.title,
      organization: {
        name: award.ic.name,
        address: { city: award.ic.city, region: "MD", country: "US" },
        "disambiguated-organization": {
          "disambiguated-organization-identifier": `http://dx.doi.org/10.13039/${award.ic.fundref}`,
          "disambiguation-source": "FUNDREF",
        },
      },
      grantNumber,
      url: builder.rng.chance(0.4) ? first.project_detail_url : undefined,
      start: dated ? dateOf(award.start) : undefined,
      end: dated ? dateOf(end) : undefined,
      definedType: MECHANISMS[award.activity]!.definedType,
      amount: builder.rng.chance(0.5) ? total : undefined,
      contributors,
    };
    // The institution's research system sends some awards too, under the core number; ORCID
    // groups the owner's entry with it only when the owner wrote the number the same way.
    const bySystem = builder.rng.chance(0.35);
    const own = !bySystem || builder.rng.chance(0.4);
    const ownVersion = own
      ? builder.fundingVersion(draft, { ...spec, source: builder.ownSource(draft), displayIndex: "1" })
      : undefined;
    const systemVersion = bySystem
      ? builder.fundingVersion(draft, {
          ...spec,
          grantNumber: award.core,
          source: builder.clientSource(builder.institutionClient, draft),
        })
      : undefined;
    if (ownVersion && systemVersion && spec.grantNumber === award.core)
      draft.fundings.push([ownVersion, systemVersion]);
    else for (const version of [ownVersion, systemVersion]) if (version) draft.fundings.push([version]);
  }
}

/** Foundation and society awards, which only ORCID (or a CV) knows: some without dates or numbers. */
export function addFoundationFundings(builder: OrcidRecordBuilder, draft: OrcidDraft): void {
  const { member } = draft;
  const count = builder.rng.weighted([
    [0, 4],
    [1, 3],
    [2, 2],
    [3, 1],
  ] as const);
  for (let n = 0; n < count; n++) {
    const funder = builder.rng.pick(FOUNDATIONS);
    const year = builder.rng.int(Math.max(builder.fromYear, member.hireYear - 1), builder.toYear);
    const years = builder.rng.int(1, 3);
    const dated = builder.rng.chance(0.75);
    const topic = builder.rng.pick(draft.topics);
    draft.fundings.push([
      builder.fundingVersion(draft, {
        source: builder.ownSource(draft),
        type: funder.type,
        title:
          funder.type === "grant"
            ? `${capitalize(topic.phrase)} ${builder.rng.pick(POPULATIONS)}`
            : `${funder.definedType}: ${topic.phrase}`,
        organization: {
          name: funder.name,
          address: { city: funder.city, region: funder.region, country: "US" },
          "disambiguated-organization": null,
        },
        grantNumber: builder.rng.chance(0.5)
          ? `${ascii(funder.name).slice(0, 3).toUpperCase()}-${year}-${builder.rng.int(100, 999)}`
          : undefined,
        start: dated ? { year, month: builder.rng.pick([1, 7, 9]), day: 1 } : undefined,
        end: dated && builder.rng.chance(0.8) ? { year: year + years, month: 6, day: 30 } : undefined,
        definedType: funder.definedType,
        amount: builder.rng.chance(0.6)
          ? builder.rng.int(funder.amount[0] / 1000, funder.amount[1] / 1000) * 1000
          : undefined,
        contributors: builder.rng.chance(0.7)
          ? [fundingContributor(draft.displayName, draft.orcid, "lead")]
          : [],
      }),
    ]);
  }
}
