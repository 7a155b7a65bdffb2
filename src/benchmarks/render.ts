/** The benchmark check and the norms as a terminal table, CSV, JSON or a printable HTML page. */
import { stringify } from "csv-stringify/sync";
import { escapeHtml, htmlPage, htmlTable } from "../reports/html.ts";
import { renderTable } from "../reports/table.ts";
import { formatYearSpan } from "../reports/windows.ts";
import type { PersonCheck, RequirementCheck } from "./check.ts";
import type { NormSummary } from "./norms.ts";

export const CHECK_FORMATS = ["table", "csv", "json", "html"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const NORM_FORMATS = ["table", "csv", "json"] as const;
export type NormFormat = (typeof NORM_FORMATS)[number];

/** What `benchmarks norms` renders: one group per track and target rank. */
export interface NormGroupView {
  track: string;
  rank: string;
  lookBackYears: number;
  n: number;
  tooSmall: boolean;
  requirements: Array<NormSummary & { id: string; label: string; metric: string; required: number }>;
}

export function renderCheck(people: readonly PersonCheck[], format: CheckFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(people, null, 2);
    case "csv":
      return stringify([CHECK_CSV_HEADER, ...people.flatMap(checkCsvRows)]).replace(/\n$/, "");
    case "table":
      return people.map(checkTable).join("\n\n");
    case "html":
      return htmlPage(
        "Promotion benchmarks",
        [checkHtmlHeading(people), ...people.map(checkHtml)].join("\n"),
      );
    default: {
      const unknown: never = format;
      throw new Error(`Unknown format ${String(unknown)}`);
    }
  }
}

export function renderNorms(groups: readonly NormGroupView[], format: NormFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(groups, null, 2);
    case "csv":
      return stringify([
        [
          "track",
          "rank",
          "look_back_years",
          "n",
          "too_small",
          "requirement",
          "metric",
          "required",
          "min",
          "q1",
          "median",
          "q3",
          "max",
          "mean",
        ],
        ...groups.flatMap((group) =>
          group.requirements.map((requirement) => [
            group.track,
            group.rank,
            group.lookBackYears,
            group.n,
            group.tooSmall,
            requirement.id,
            requirement.metric,
            requirement.required,
            requirement.min ?? "",
            requirement.q1 ?? "",
            requirement.median ?? "",
            requirement.q3 ?? "",
            requirement.max ?? "",
            requirement.mean === null ? "" : round(requirement.mean),
          ]),
        ),
      ]).replace(/\n$/, "");
    case "table":
      return groups
        .map((group) =>
          [
            `${group.track} -> ${group.rank}: ${group.n} promotion(s), ${group.lookBackYears}-year look-back` +
              (group.tooSmall ? " (too few to compare with)" : ""),
            renderTable(
              ["REQUIREMENT", "REQUIRED", "N", "MIN", "Q1", "MEDIAN", "Q3", "MAX"],
              group.requirements.map((requirement) => [
                requirement.label,
                requirement.required,
                requirement.n,
                requirement.min,
                shown(requirement.q1),
                shown(requirement.median),
                shown(requirement.q3),
                requirement.max,
              ]),
            ),
          ].join("\n"),
        )
        .join("\n\n");
    default: {
      const unknown: never = format;
      throw new Error(`Unknown format ${String(unknown)}`);
    }
  }
}

const CHECK_CSV_HEADER = [
  "faculty_id",
  "name",
  "track",
  "rank",
  "target_rank",
  "as_of",
  "window_from",
  "window_to",
  "requirement",
  "metric",
  "required",
  "count",
  "met",
  "gap",
  "percentile",
  "norm_n",
  "item_ids",
  "all_met",
  "no_criteria",
];

function checkCsvRows(person: PersonCheck): unknown[][] {
  const base = [
    person.facultyId,
    person.name,
    person.track ?? "",
    person.rank ?? "",
    person.targetRank ?? "",
    person.asOf,
    person.window?.from ?? "",
    person.window?.to ?? "",
  ];
  const tail = [person.met === null ? "" : person.met, person.noCriteria ?? ""];
  if (person.requirements.length === 0) return [[...base, "", "", "", "", "", "", "", "", "", ...tail]];
  return person.requirements.map((requirement) => [
    ...base,
    requirement.id,
    requirement.metric,
    requirement.required,
    requirement.count,
    requirement.met,
    requirement.gap ?? "",
    requirement.percentile ?? "",
    requirement.norm?.n ?? 0,
    requirement.itemIds.join(";"),
    ...tail,
  ]);
}

function heading(person: PersonCheck): string {
  const target = person.targetRank ? ` -> ${person.targetRank}` : "";
  return `${person.name} (${person.facultyId}), ${person.track ?? "no track"}, ${person.rank ?? "no rank"}${target}`;
}

function verdict(person: PersonCheck): string {
  if (person.noCriteria !== null) return `not checked: ${person.noCriteria}`;
  const window = person.window ? formatYearSpan(person.window) : "";
  return `${person.met ? "all criteria met" : "criteria not yet met"} as of ${person.asOf} (window ${window})`;
}

function percentileText(requirement: RequirementCheck): string {
  if (requirement.percentile === null) return "no norms";
  const n = requirement.norm?.n ?? 0;
  return `${requirement.percentile} (n=${n}${requirement.normTooSmall ? ", too few" : ""})`;
}

function checkTable(person: PersonCheck): string {
  const lines = [heading(person), verdict(person)];
  if (person.requirements.length > 0) {
    lines.push(
      renderTable(
        ["REQUIREMENT", "REQUIRED", "COUNT", "MET", "GAP", "PERCENTILE", "ITEMS"],
        person.requirements.map((requirement) => [
          requirement.label,
          requirement.required,
          requirement.count,
          requirement.met ? "yes" : "no",
          requirement.gap ?? "",
          percentileText(requirement),
          requirement.itemIds.join(" "),
        ]),
      ),
    );
  }
  return lines.join("\n");
}

function checkHtmlHeading(people: readonly PersonCheck[]): string {
  const versions = [...new Set(people.map((person) => person.criteriaVersion))].join(", ");
  return `<h1>Promotion benchmarks</h1>\n<p>Criteria version ${escapeHtml(versions)}; counts from the ledger's accepted items, with their item ids.</p>`;
}

function checkHtml(person: PersonCheck): string {
  const table =
    person.requirements.length === 0
      ? ""
      : htmlTable(
          [
            "Requirement",
            "Required",
            "Count",
            "Met",
            "Gap",
            "Percentile among those promoted",
            "Items counted",
          ],
          person.requirements.map((requirement) => [
            requirement.label,
            String(requirement.required),
            String(requirement.count),
            requirement.met ? "yes" : "no",
            requirement.gap ?? "",
            percentileText(requirement),
            requirement.itemIds.join(", "),
          ]),
          [0, 4, 6],
        );
  return `<section>\n<h2>${escapeHtml(heading(person))}</h2>\n<p>${escapeHtml(verdict(person))}</p>\n${table}\n</section>`;
}

function shown(value: number | null): string {
  return value === null ? "" : String(round(value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
