/**
 * A faculty member (or faculty affairs) adds a paper the harvest missed, by PMID or DOI. The
 * record is fetched from PubMed and stored through the harvest's own path, as a run of one job:
 * it is scored and explained like any other link, and the person's ledger is rebuilt at once.
 */
import { requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import { findItemsByIdentifiers } from "../db/repositories/items.ts";
import { findLink } from "../db/repositories/links.ts";
import { createJobs, createRun } from "../db/repositories/runs.ts";
import { UserError } from "../errors.ts";
import { articlesToHarvest, pubmedSource } from "../sources/pubmed/index.ts";
import { parsePubmedXml } from "../sources/pubmed/parse.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { recordAudit } from "./audit.ts";
import { clientOf, type Services } from "./context.ts";
import { reconcileFaculty } from "./reconcile.ts";
import { rescoreFacultyLinks } from "./rescore.ts";
import { newRunId } from "./runs.ts";
import { storeHarvest } from "./store.ts";

/** The run trigger of a paper added by hand. */
export const ADD_PAPER_TRIGGER = "add-paper";

export type PaperIdentifier = { kind: "pmid"; value: string } | { kind: "doi"; value: string };

/** "31234567", "PMID: 31234567", "10.1000/xyz", "doi:10.1000/xyz", "https://doi.org/10.1000/xyz". */
export function parsePaperIdentifier(text: string): PaperIdentifier {
  const given = text.trim();
  const pmid = /^(?:pmid:?\s*)?(\d{1,9})$/i.exec(given);
  if (pmid) return { kind: "pmid", value: pmid[1]! };
  const doi = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i.exec(given);
  if (doi) return { kind: "doi", value: doi[1]!.toLowerCase() };
  throw new UserError(
    `"${given.slice(0, 100)}" is neither a PMID (digits, e.g. 31234567) nor a DOI (e.g. 10.1000/xyz123)`,
  );
}

export interface AddedPaper {
  facultyId: string;
  itemId: number;
  pmid: string;
  title: string;
  /** The link's status once scored: accepted, pending, or rejected (a person's earlier decision stands). */
  status: string;
  score: number | null;
  /** False when the paper was linked to the person already. */
  linkedNow: boolean;
  runId: string;
}

export async function addPaperAs(
  services: Pick<Services, "db" | "clients" | "scoring" | "rules">,
  actor: Actor,
  facultyId: string,
  identifierText: string,
  now = new Date(),
): Promise<AddedPaper> {
  const { db } = services;
  await requireFacultyAccess(db, actor, "faculty.add-item", facultyId);
  const identifier = parsePaperIdentifier(identifierText);
  const record = await fetchRecord(services, identifier);

  const existingItem = (await findItemsByIdentifiers(db, { pmids: [record.pmid], dois: [], pmcids: [] }))[0];
  const before = existingItem ? await findLink(db, { facultyId, itemId: existingItem.id }) : null;

  const runId = newRunId(now);
  const jobId = `${ADD_PAPER_TRIGGER}-${facultyId}-${runId}`;
  await createRun(db, { id: runId, trigger: ADD_PAPER_TRIGGER, sources: [pubmedSource.name] });
  await createJobs(db, [
    { id: jobId, runId, facultyId, source: pubmedSource.name, status: "active", startedAt: now },
  ]);
  await storeHarvest(db, {
    jobId,
    runId,
    facultyId,
    source: pubmedSource.name,
    fetchedAt: now,
    records: articlesToHarvest([record]),
    afterLinks: (tx) => rescoreFacultyLinks(tx, facultyId, services.scoring),
  });
  await reconcileFaculty(db, facultyId, services.rules);

  const item = (await findItemsByIdentifiers(db, { pmids: [record.pmid], dois: [], pmcids: [] }))[0];
  const link = item ? await findLink(db, { facultyId, itemId: item.id }) : null;
  if (!item || !link) throw new Error(`PMID ${record.pmid} was stored but is not linked to ${facultyId}`);
  await recordAudit(db, actor, "item-added", `link:${facultyId}/${item.id}`, {
    [identifier.kind]: identifier.value,
    status: link.status,
  });
  return {
    facultyId,
    itemId: item.id,
    pmid: record.pmid,
    title: record.title,
    status: link.status,
    score: link.score,
    linkedNow: before === null,
    runId,
  };
}

/** The PubMed record of the PMID, or of the DOI (found with ESearch `<doi>[aid]`). */
async function fetchRecord(
  services: Pick<Services, "clients">,
  identifier: PaperIdentifier,
): Promise<PubmedArticleRecord> {
  const client = clientOf(services, pubmedSource);
  let pmid = identifier.value;
  if (identifier.kind === "doi") {
    const found = await client.esearch(`"${identifier.value}"[aid]`, { retmax: 5 });
    if (found.ids.length === 0) throw new UserError(`PubMed has no record with DOI ${identifier.value}`);
    if (found.ids.length > 1) {
      throw new UserError(
        `DOI ${identifier.value} matches ${found.ids.length} PubMed records (${found.ids.join(", ")}); give the PMID`,
      );
    }
    pmid = found.ids[0]!;
  }
  const records: PubmedArticleRecord[] = [];
  for await (const batch of client.efetch([pmid])) records.push(...parsePubmedXml(batch.xml));
  const record = records.find((candidate) => candidate.pmid === pmid);
  if (!record) throw new UserError(`PubMed has no article with PMID ${pmid}`);
  return record;
}
