/**
 * A candidate's dossier for a promotion committee: profile, benchmark check, and the ledger's
 * publications, presentations and grants with citations and how each was verified. Admins see
 * anyone's; mentors their mentees'; committee members their assigned candidates'; faculty their own.
 */
import { requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { BenchmarkCriteria } from "../benchmarks/criteria.ts";
import type { Db } from "../db/client.ts";
import { ledgerLines } from "../db/repositories/ledger.ts";
import { acceptedLinksWithRecords } from "../db/repositories/links.ts";
import { storedEvidence, SYSTEM_DECIDER } from "../identity/evidence.ts";
import { citableOf, verificationOf, type Dossier, type DossierItem } from "../mentoring/dossier.ts";
import { formatCitations, type CitationStyle } from "../reports/citations.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import { storedCandidate } from "../sources/registry.ts";
import { checkBenchmarks } from "./benchmarks.ts";
import { getFaculty } from "./faculty.ts";

export type { Dossier };

const isoDay = (date: Date | null): string | null => (date === null ? null : date.toISOString().slice(0, 10));

function candidatesOf(records: ReadonlyArray<{ source: string; payload: unknown }>): CandidateItem[] {
  return records.flatMap((record) => {
    try {
      return [storedCandidate(record.source, record.payload)];
    } catch {
      // A record no source reads any more gives no citation facts; the ledger's still stand.
      return [];
    }
  });
}

export async function buildDossier(
  db: Db,
  criteria: BenchmarkCriteria,
  facultyId: string,
  options: { asOf?: string; style?: CitationStyle; now?: Date } = {},
): Promise<Dossier> {
  const person = await getFaculty(db, facultyId);
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? now.toISOString().slice(0, 10);
  const [[benchmark], links, lines] = await Promise.all([
    checkBenchmarks(db, criteria, { ids: [facultyId] }, asOf),
    acceptedLinksWithRecords(db, facultyId),
    ledgerLines(db, [facultyId]),
  ]);
  const linkByItem = new Map(links.map((link) => [link.itemId, link]));
  // A line counts only while every link it rests on is accepted, as in every report.
  const held = lines.filter((line) => line.memberItemIds.every((itemId) => linkByItem.has(itemId)));
  const sorted = [...held].sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title));
  const items = sorted.map((line) => {
    const memberLinks = line.memberItemIds.map((itemId) => linkByItem.get(itemId)!);
    const candidates = candidatesOf(memberLinks.flatMap((link) => link.item.sourceRecords));
    const verification = verificationOf(
      memberLinks.map((link) => ({
        decidedBy: link.decidedBy,
        decidedAt: link.decidedAt,
        evidence: storedEvidence(link.evidence),
      })),
      SYSTEM_DECIDER,
    );
    const item: DossierItem = {
      itemId: line.itemId,
      kind: line.kind,
      title: line.title,
      year: line.year,
      venue: line.venue,
      metric: line.counted ? line.metric : null,
      authorPosition: line.authorPosition,
      role: line.role,
      citation: null,
      verification,
    };
    return { item, candidates };
  });
  const publications = items.filter(({ item }) => item.kind === "publication");
  const citations = formatCitations(
    publications.map(({ item, candidates }) => citableOf(item, candidates)),
    options.style ?? "vancouver",
  );
  publications.forEach(({ item }, index) => (item.citation = citations[index] ?? null));
  return {
    profile: {
      facultyId: person.id,
      name: [person.firstName, person.middleName, person.lastName].filter(Boolean).join(" "),
      rank: person.rank,
      track: person.track,
      division: person.division,
      hireDate: isoDay(person.hireDate),
      orcid: person.orcid,
    },
    benchmark: benchmark ?? null,
    publications: publications.map(({ item }) => item),
    presentations: items.filter(({ item }) => item.kind === "presentation").map(({ item }) => item),
    grants: items.filter(({ item }) => item.kind === "grant").map(({ item }) => item),
    generatedAt: now.toISOString(),
  };
}

/** The dossier for an actor: out of their scope, the person does not exist. */
export async function dossier(
  db: Db,
  actor: Actor,
  criteria: BenchmarkCriteria,
  facultyId: string,
  options: { asOf?: string; style?: CitationStyle; now?: Date } = {},
): Promise<Dossier> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  return buildDossier(db, criteria, facultyId, options);
}
