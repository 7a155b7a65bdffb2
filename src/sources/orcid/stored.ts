/**
 * What is kept of an ORCID work or funding: the group as the works (fundings) list sent it, the
 * full work (funding item) when one was read, and the record's iD. `orcidRecordToCandidate` maps it
 * as the harvest does, so the mapping can be re-run without calling ORCID.
 */
import { isCandidateItem, type CandidateItem } from "../candidate.ts";
import { fundingGroupToCandidate, workGroupToCandidate } from "./map.ts";
import { parseFunding, parseFundings, parseWork, parseWorksSummary } from "./parse.ts";
import type { OrcidRawResponse } from "./client.ts";
import type { OrcidFundingGroup, OrcidWorkGroup } from "./types.ts";

export type OrcidStoredRecord =
  | { orcid: string; workGroup: unknown; work?: unknown }
  | { orcid: string; fundingGroup: unknown; funding?: unknown };

/** The candidate of a stored ORCID record; its source id is `<iD>/<put-code>`, unique across records. */
export function orcidRecordToCandidate(payload: unknown): CandidateItem {
  // Harvests before raw records were kept stored the mapped candidate: read until the next harvest
  // of the person replaces it.
  if (isCandidateItem(payload)) return payload;
  const stored = payload as OrcidStoredRecord;
  const candidate =
    "workGroup" in stored
      ? workCandidate(stored.orcid, stored.workGroup, stored.work)
      : fundingCandidate(stored.orcid, stored.fundingGroup, stored.funding);
  return { ...candidate, sourceId: `${stored.orcid}/${candidate.sourceId}` };
}

function workCandidate(orcid: string, rawGroup: unknown, rawWork: unknown): CandidateItem {
  const group = onlyGroup(parseWorksSummary({ group: [rawGroup] }));
  const full = rawWork === undefined ? undefined : parseWork(rawWork);
  return workGroupToCandidate(group, {
    orcid,
    ...(full ? { fullWorks: new Map([[full.putCode, full]]) } : {}),
  });
}

function fundingCandidate(orcid: string, rawGroup: unknown, rawFunding: unknown): CandidateItem {
  const group = onlyGroup(parseFundings({ group: [rawGroup] }));
  const detail = rawFunding === undefined ? undefined : parseFunding(rawFunding);
  return fundingGroupToCandidate(group, {
    orcid,
    ...(detail ? { details: new Map([[detail.putCode, detail]]) } : {}),
  });
}

function onlyGroup<T>(groups: T[]): T {
  const [group] = groups;
  if (group === undefined || groups.length !== 1)
    throw new RangeError("a stored ORCID record holds one group");
  return group;
}

/**
 * The stored record of each works group (then each fundings group) that makes a candidate, in the
 * order the harvest maps them, cut from the responses as ORCID sent them.
 */
export function orcidStoredRecords(
  orcid: string,
  raw: readonly OrcidRawResponse[],
  parsed: { works: readonly OrcidWorkGroup[]; fundings: readonly OrcidFundingGroup[] },
): OrcidStoredRecord[] {
  const body = (path: string) => raw.find((response) => response.path === `/${orcid}/${path}`)?.body;
  const groups = (path: string) => (body(path) as { group?: unknown[] } | undefined)?.group ?? [];
  const fullWorks = new Map<number, unknown>();
  for (const response of raw) {
    if (!response.path.startsWith(`/${orcid}/works/`)) continue;
    for (const element of (response.body as { bulk?: Array<{ work?: { "put-code"?: unknown } }> }).bulk ??
      []) {
      const putCode = element.work?.["put-code"];
      if (typeof putCode === "number") fullWorks.set(putCode, element.work);
    }
  }
  const rawWorkGroups = groups("works");
  const rawFundingGroups = groups("fundings");
  return [
    ...parsed.works.flatMap((group, index): OrcidStoredRecord[] => {
      if (group.summaries.length === 0) return [];
      const work = group.summaries.map((summary) => fullWorks.get(summary.putCode)).find(Boolean);
      return [{ orcid, workGroup: rawWorkGroups[index], ...(work ? { work } : {}) }];
    }),
    ...parsed.fundings.flatMap((group, index): OrcidStoredRecord[] => {
      if (group.summaries.length === 0) return [];
      const funding = group.summaries
        .map((summary) => body(`funding/${summary.putCode}`))
        .find((detail) => detail !== undefined);
      return [{ orcid, fundingGroup: rawFundingGroups[index], ...(funding ? { funding } : {}) }];
    }),
  ];
}
