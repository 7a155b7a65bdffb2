/** FacultyItem rows: the claim that a person is an author (or PI) of an item, and who decided it. */
import { Prisma, type FacultyItem, type LinkStatus } from "../../generated/prisma/client.ts";
import { SYSTEM_DECIDER, type AuthorPosition } from "../../identity/evidence.ts";
import type { GrantRole, PresentationScope } from "../../sources/candidate.ts";
import type { ExportItemLink } from "../../reports/export-items.ts";
import type { DbClient, Tx } from "../client.ts";
import { storableValue } from "../storable.ts";
import type { ItemKind } from "./items.ts";

export type LinkRow = FacultyItem;
export type { LinkStatus };

export interface LinkKey {
  facultyId: string;
  itemId: number;
}

/** What may change on a link. */
export interface LinkChange {
  status?: LinkStatus;
  score?: number | null;
  evidence?: unknown;
  authorPosition?: AuthorPosition | null;
  authorIndex?: number | null;
  equalContribution?: boolean;
  role?: GrantRole | null;
  decidedBy?: string;
  /** The signed-in user who decided; null for the automatic decider, the CLI and imports. */
  decidedByUserId?: number | null;
  decidedAt?: Date;
  note?: string | null;
}

export type NewLink = LinkKey & {
  status: LinkStatus;
  decidedBy: string;
  decidedAt: Date;
  evidence: unknown;
} & Omit<LinkChange, "status" | "decidedBy" | "decidedAt" | "evidence">;

function writable<T extends { evidence?: unknown }>(
  change: T,
): Omit<T, "evidence"> & {
  evidence?: Prisma.InputJsonValue;
} {
  const { evidence, ...rest } = change;
  return { ...rest, ...(evidence === undefined ? {} : { evidence: evidence as Prisma.InputJsonValue }) };
}

function created(link: NewLink): Prisma.FacultyItemCreateManyInput {
  return { ...link, evidence: link.evidence as Prisma.InputJsonValue };
}

export async function findLink(db: DbClient, key: LinkKey): Promise<LinkRow | null> {
  return db.facultyItem.findUnique({ where: { facultyId_itemId: key } });
}

/** The person's links to these items. */
export async function findLinks(
  db: DbClient,
  facultyId: string,
  itemIds: readonly number[],
): Promise<LinkRow[]> {
  if (itemIds.length === 0) return [];
  // One statement of our own: every stored harvest reads it.
  return db.$queryRaw<LinkRow[]>`
    SELECT "facultyId", "itemId", "status"::text AS "status", "decidedBy", "decidedByUserId", "decidedAt", "score",
           "evidence", "authorPosition"::text AS "authorPosition", "authorIndex", "equalContribution",
           "role"::text AS "role", "note", "createdAt", "updatedAt"
    FROM "FacultyItem" WHERE "facultyId" = ${facultyId} AND "itemId" = ANY(${[...itemIds]}::integer[])`;
}

/** Which of these links (person and item) exist, whatever their status: one statement for them all. */
export async function existingLinks(db: DbClient, keys: readonly LinkKey[]): Promise<LinkKey[]> {
  if (keys.length === 0) return [];
  return db.$queryRaw<LinkKey[]>`
    SELECT l."facultyId", l."itemId"
    FROM "FacultyItem" AS l
    JOIN unnest(${keys.map((key) => key.facultyId)}::text[], ${keys.map((key) => key.itemId)}::integer[])
      AS wanted("facultyId", "itemId")
      ON l."facultyId" = wanted."facultyId" AND l."itemId" = wanted."itemId"`;
}

export async function createLinks(tx: Tx, rows: readonly NewLink[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.facultyItem.createMany({ data: rows.map(created) });
}

export async function updateLink(tx: Tx, key: LinkKey, change: LinkChange): Promise<void> {
  await tx.facultyItem.update({ where: { facultyId_itemId: key }, data: writable(change) });
}

/** A link's score as re-scoring sets it: every scored field, written whole. */
export interface RescoredLink {
  itemId: number;
  status: LinkStatus;
  score: number;
  evidence: unknown;
  authorIndex: number | null;
  authorPosition: AuthorPosition | null;
  equalContribution: boolean;
  /** Its status differs from the stored one: the decision is dated now. */
  statusChanged: boolean;
}

/**
 * Writes the person's re-scored links in one statement, each only while still decided
 * automatically (a person's decision meanwhile stands).
 */
export async function updateAutomaticLinks(
  tx: Tx,
  facultyId: string,
  links: readonly RescoredLink[],
  now: Date,
): Promise<void> {
  if (links.length === 0) return;
  const column = <T>(value: (link: RescoredLink) => T) => links.map(value);
  // Nullable numbers as text, cast in SQL: an array's element type then does not depend on its values.
  const optional = (value: number | string | null) => (value === null ? null : String(value));
  await tx.$executeRaw`
    UPDATE "FacultyItem" AS link
    SET "status" = scored.status::"LinkStatus",
        "score" = scored.score::double precision,
        "evidence" = scored.evidence::jsonb,
        "authorIndex" = scored.author_index::integer,
        "authorPosition" = scored.author_position::"AuthorPosition",
        "equalContribution" = scored.equal_contribution,
        "decidedAt" = CASE WHEN scored.status_changed THEN ${now.toISOString()}::timestamp(3) ELSE link."decidedAt" END,
        "updatedAt" = ${now.toISOString()}::timestamp(3)
    FROM unnest(
      ${column((link) => link.itemId)}::integer[],
      ${column((link) => link.status)}::text[],
      ${column((link) => String(link.score))}::text[],
      ${column((link) => JSON.stringify(storableValue(link.evidence)))}::text[],
      ${column((link) => optional(link.authorIndex))}::text[],
      ${column((link) => optional(link.authorPosition))}::text[],
      ${column((link) => link.equalContribution)}::boolean[],
      ${column((link) => link.statusChanged)}::boolean[]
    ) AS scored(item_id, status, score, evidence, author_index, author_position, equal_contribution, status_changed)
    WHERE link."facultyId" = ${facultyId}
      AND link."itemId" = scored.item_id
      AND link."decidedBy" = ${SYSTEM_DECIDER}`;
}

/** Creates the link, or makes `change` to the one there is. */
export async function upsertLink(tx: Tx, link: NewLink, change: LinkChange): Promise<void> {
  const { facultyId, itemId } = link;
  await tx.facultyItem.upsert({
    where: { facultyId_itemId: { facultyId, itemId } },
    update: writable(change),
    create: created(link),
  });
}

/** The status of the person's link to each of these items, once per item. */
export async function linkStatuses(
  tx: Tx,
  facultyId: string,
  itemIds: readonly number[],
): Promise<LinkStatus[]> {
  if (itemIds.length === 0) return [];
  const links = await tx.$queryRaw<Array<{ status: LinkStatus }>>`
    SELECT "status"::text AS "status" FROM "FacultyItem"
    WHERE "facultyId" = ${facultyId} AND "itemId" = ANY(${[...new Set(itemIds)]}::integer[])`;
  return links.map((link) => link.status);
}

/** PMIDs and DOIs of the items a person (not the automatic decider) rejected for this faculty member. */
export async function identifiersRejectedByPeople(
  db: DbClient,
  facultyId: string,
): Promise<{ pmids: string[]; dois: string[] }> {
  // One statement of our own (the ORM's are two, links then items): every harvest job asks it.
  const rejected = await db.$queryRaw<Array<{ pmid: string | null; doi: string | null }>>`
    SELECT item."pmid", item."doi"
    FROM "FacultyItem" AS link JOIN "Item" AS item ON item."id" = link."itemId"
    WHERE link."facultyId" = ${facultyId} AND link."status" = 'rejected' AND link."decidedBy" <> ${SYSTEM_DECIDER}`;
  return {
    pmids: rejected.flatMap((item) => (item.pmid ? [item.pmid] : [])),
    dois: rejected.flatMap((item) => (item.doi ? [item.doi] : [])),
  };
}

/** identifiersRejectedByPeople for many faculty members at once (everyone asked has an entry). */
export async function identifiersRejectedByPeopleOf(
  db: DbClient,
  facultyIds: readonly string[],
): Promise<Map<string, { pmids: string[]; dois: string[] }>> {
  const rejected = await db.facultyItem.findMany({
    where: { facultyId: { in: [...facultyIds] }, status: "rejected", decidedBy: { not: SYSTEM_DECIDER } },
    select: { facultyId: true, item: { select: { pmid: true, doi: true } } },
  });
  const byPerson = new Map(facultyIds.map((id) => [id, { pmids: [] as string[], dois: [] as string[] }]));
  for (const link of rejected) {
    const entry = byPerson.get(link.facultyId)!;
    if (link.item.pmid) entry.pmids.push(link.item.pmid);
    if (link.item.doi) entry.dois.push(link.item.doi);
  }
  return byPerson;
}

/** A link as scoring reads it: its decision and scored fields, the item's identifiers and stored records. */
export interface LinkWithRecords {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  decidedBy: string;
  score: number | null;
  evidence: Prisma.JsonValue;
  authorPosition: AuthorPosition | null;
  authorIndex: number | null;
  equalContribution: boolean;
  item: {
    kind: ItemKind;
    pmid: string | null;
    doi: string | null;
    sourceRecords: Array<{ source: string; sourceId: string; payload: Prisma.JsonValue }>;
  };
}

/**
 * Every link of the person, with the item's identifiers and stored records (for scoring). One
 * statement of our own: every stored harvest with something new reads it, and the ORM's three
 * statements (links, items, records) and their compiling cost several times more.
 */
export async function linksWithRecords(tx: DbClient, facultyId: string): Promise<LinkWithRecords[]> {
  return tx.$queryRaw<LinkWithRecords[]>`
    SELECT link."facultyId", link."itemId", link."status"::text AS "status", link."decidedBy",
           link."score", link."evidence", link."authorPosition"::text AS "authorPosition",
           link."authorIndex", link."equalContribution",
           json_build_object(
             'kind', item."kind"::text, 'pmid', item."pmid", 'doi', item."doi",
             'sourceRecords', COALESCE(
               (SELECT json_agg(json_build_object('source', record."source", 'sourceId', record."sourceId",
                                                  'payload', record."payload") ORDER BY record."id")
                FROM "SourceRecord" AS record WHERE record."itemId" = item."id"),
               '[]'::json)
           ) AS "item"
    FROM "FacultyItem" AS link JOIN "Item" AS item ON item."id" = link."itemId"
    WHERE link."facultyId" = ${facultyId}
    ORDER BY link."itemId"`;
}

/** An accepted link as the ledger reads it: how the person took part, and the item's stored records. */
export interface AcceptedLedgerLink {
  itemId: number;
  authorPosition: AuthorPosition | null;
  equalContribution: boolean;
  role: GrantRole | null;
  scopeOverride: PresentationScope | null;
  /** Oldest first. */
  records: Array<{ source: string; sourceId: string; payload: Prisma.JsonValue }>;
}

/**
 * The person's accepted links with each item's stored records, oldest first, in one statement of
 * our own (their ledger is rebuilt after every stored harvest with something new).
 */
export async function acceptedLinksForLedger(tx: DbClient, facultyId: string): Promise<AcceptedLedgerLink[]> {
  return tx.$queryRaw<AcceptedLedgerLink[]>`
    SELECT link."itemId", link."authorPosition"::text AS "authorPosition", link."equalContribution",
           link."role"::text AS "role", item."scopeOverride"::text AS "scopeOverride",
           COALESCE(
             (SELECT json_agg(json_build_object('source', record."source", 'sourceId', record."sourceId",
                                                'payload', record."payload") ORDER BY record."id")
              FROM "SourceRecord" AS record WHERE record."itemId" = item."id"),
             '[]'::json) AS "records"
    FROM "FacultyItem" AS link JOIN "Item" AS item ON item."id" = link."itemId"
    WHERE link."facultyId" = ${facultyId} AND link."status" = 'accepted'
    ORDER BY link."itemId"`;
}

export type AcceptedLink = Prisma.FacultyItemGetPayload<{
  include: {
    item: {
      select: {
        id: true;
        scopeOverride: true;
        sourceRecords: { select: { source: true; sourceId: true; payload: true } };
      };
    };
  };
}>;

/** The person's accepted links, with each item's stored records, oldest first (for their ledger). */
export async function acceptedLinksWithRecords(tx: DbClient, facultyId: string): Promise<AcceptedLink[]> {
  return tx.facultyItem.findMany({
    where: { facultyId, status: "accepted" },
    orderBy: { itemId: "asc" },
    include: {
      item: {
        select: {
          id: true,
          scopeOverride: true,
          sourceRecords: { select: { source: true, sourceId: true, payload: true }, orderBy: { id: "asc" } },
        },
      },
    },
  });
}

/** A link as `review explain` shows it: with its person's name, its item and the sources of its records. */
export interface LinkForExplanation {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  score: number | null;
  evidence: unknown;
  decidedBy: string;
  decidedAt: Date;
  note: string | null;
  authorIndex: number | null;
  authorPosition: AuthorPosition | null;
  faculty: { lastName: string; firstName: string };
  item: {
    kind: ItemKind;
    title: string;
    year: number | null;
    venue: string | null;
    pmid: string | null;
    doi: string | null;
    /** Each record's source, sorted. */
    sourceRecords: Array<{ source: string }>;
  };
}

/** One link with its person's name and its item (and the sources of its records). */
export async function findLinkForExplanation(db: DbClient, key: LinkKey): Promise<LinkForExplanation | null> {
  return (await findLinksForExplanation(db, key.facultyId, [key.itemId]))[0] ?? null;
}

/**
 * findLinkForExplanation for several of one person's links in one query, by item id: in SQL of
 * our own, as a profile page explains up to 50 pending links on every request.
 */
export async function findLinksForExplanation(
  db: DbClient,
  facultyId: string,
  itemIds: readonly number[],
): Promise<LinkForExplanation[]> {
  const rows = await db.$queryRaw<
    Array<
      Omit<LinkForExplanation, "faculty" | "item"> &
        LinkForExplanation["faculty"] &
        Omit<LinkForExplanation["item"], "sourceRecords"> & { sources: string[] }
    >
  >`
    SELECT l."facultyId", l."itemId", l."status"::text AS "status", l."score", l."evidence", l."decidedBy",
           l."decidedAt", l."note", l."authorIndex", l."authorPosition"::text AS "authorPosition",
           f."lastName", f."firstName", i."kind"::text AS "kind", i."title", i."year", i."venue", i."pmid", i."doi",
           ARRAY(SELECT r."source" FROM "SourceRecord" r WHERE r."itemId" = l."itemId" ORDER BY r."source") AS "sources"
    FROM "FacultyItem" l
    JOIN "Faculty" f ON f."id" = l."facultyId"
    JOIN "Item" i ON i."id" = l."itemId"
    WHERE l."facultyId" = ${facultyId} AND l."itemId" = ANY(${[...itemIds]}::int[])
    ORDER BY l."itemId"`;
  return rows.map(({ lastName, firstName, kind, title, year, venue, pmid, doi, sources, ...link }) => ({
    ...link,
    faculty: { lastName, firstName },
    item: {
      kind,
      title,
      year,
      venue,
      pmid,
      doi,
      sourceRecords: sources.map((source) => ({ source })),
    },
  }));
}

export interface ReviewLinkRow {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  score: number | null;
  evidence: unknown;
  item: { kind: ItemKind; title: string; year: number | null; venue: string | null; pmid: string | null };
  faculty: { lastName: string; firstName: string };
}

export interface ReviewLinkQuery {
  status: LinkStatus;
  facultyId?: string;
  facultyIds?: readonly string[];
  automaticOnly: boolean;
}

const REVIEW_LINK_SELECT = {
  facultyId: true,
  itemId: true,
  status: true,
  score: true,
  evidence: true,
  item: { select: { kind: true, title: true, year: true, venue: true, pmid: true } },
  faculty: { select: { lastName: true, firstName: true } },
} as const;

function reviewLinkWhere(query: ReviewLinkQuery) {
  return {
    status: query.status,
    ...(query.facultyId ? { facultyId: query.facultyId } : {}),
    ...(query.facultyIds
      ? {
          facultyId: { in: [...query.facultyIds], ...(query.facultyId ? { equals: query.facultyId } : {}) },
        }
      : {}),
    ...(query.automaticOnly ? { decidedBy: SYSTEM_DECIDER } : {}),
  };
}

/** The review query as SQL over "FacultyItem" aliased l. */
function reviewLinkSql(query: ReviewLinkQuery): Prisma.Sql {
  return Prisma.join(
    [
      Prisma.sql`l."status" = ${query.status}::"LinkStatus"`,
      ...(query.facultyId ? [Prisma.sql`l."facultyId" = ${query.facultyId}`] : []),
      ...(query.facultyIds ? [Prisma.sql`l."facultyId" = ANY(${[...query.facultyIds]}::text[])`] : []),
      ...(query.automaticOnly ? [Prisma.sql`l."decidedBy" = ${SYSTEM_DECIDER}`] : []),
    ],
    " AND ",
  );
}

/** How many links the review query matches, counted in the database rather than read. */
export async function countReviewLinks(db: DbClient, query: ReviewLinkQuery): Promise<number> {
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM "FacultyItem" l WHERE ${reviewLinkSql(query)}`;
  return rows[0]?.count ?? 0;
}

/** Links with this status (only the automatic ones, when asked), with their item and person. */
export async function linksForReview(db: DbClient, query: ReviewLinkQuery): Promise<ReviewLinkRow[]> {
  return db.facultyItem.findMany({ where: reviewLinkWhere(query), select: REVIEW_LINK_SELECT });
}

/**
 * The `limit` links nearest `middle` (those without a score first; ties by person and item), read
 * from the (status, score) index rather than all of them: up to `limit` without a score and up to
 * `limit` on each side of `middle`, nearest first, of which the nearest `limit` are joined to
 * their item and person. One query of our own SQL: the review queue is asked on every request.
 */
export async function linksNearestScore(
  db: DbClient,
  query: ReviewLinkQuery,
  middle: number,
  limit: number,
): Promise<ReviewLinkRow[]> {
  const where = reviewLinkSql(query);
  const columns = Prisma.sql`l."facultyId", l."itemId", l."status", l."score", l."evidence"`;
  const rows = await db.$queryRaw<
    Array<
      Omit<ReviewLinkRow, "item" | "faculty"> & {
        kind: ItemKind;
        title: string;
        year: number | null;
        venue: string | null;
        pmid: string | null;
        lastName: string;
        firstName: string;
      }
    >
  >`
    SELECT n."facultyId", n."itemId", n."status"::text AS "status", n."score", n."evidence",
           i."kind"::text AS "kind", i."title", i."year", i."venue", i."pmid", f."lastName", f."firstName"
    FROM (
      (SELECT ${columns} FROM "FacultyItem" l WHERE ${where} AND l."score" IS NULL
        ORDER BY l."facultyId", l."itemId" LIMIT ${limit})
      UNION ALL
      (SELECT ${columns} FROM "FacultyItem" l WHERE ${where} AND l."score" >= ${middle}
        ORDER BY l."score", l."facultyId", l."itemId" LIMIT ${limit})
      UNION ALL
      (SELECT ${columns} FROM "FacultyItem" l WHERE ${where} AND l."score" < ${middle}
        ORDER BY l."score" DESC, l."facultyId", l."itemId" LIMIT ${limit})
    ) n
    JOIN "Item" i ON i."id" = n."itemId"
    JOIN "Faculty" f ON f."id" = n."facultyId"
    ORDER BY n."score" IS NOT NULL, abs(n."score" - ${middle}), n."facultyId", n."itemId"
    LIMIT ${limit}`;
  return rows.map(({ kind, title, year, venue, pmid, lastName, firstName, ...link }) => ({
    ...link,
    item: { kind, title, year, venue, pmid },
    faculty: { lastName, firstName },
  }));
}

/** How many accepted and pending links each person (of the cohort, or of these ids, when given) has. */
export async function countLinksByFaculty(
  db: DbClient,
  people: { cohort?: string; ids?: readonly string[] } = {},
): Promise<Array<{ facultyId: string; status: LinkStatus; count: number }>> {
  // Counted in SQL of our own: the faculty list asks on every request.
  return db.$queryRaw<Array<{ facultyId: string; status: LinkStatus; count: number }>>`
    SELECT l."facultyId", l."status"::text AS "status", count(*)::int AS "count" FROM "FacultyItem" l
    ${people.cohort === undefined ? Prisma.empty : Prisma.sql`JOIN "Faculty" f ON f."id" = l."facultyId" AND f."cohort" = ${people.cohort}`}
    WHERE l."status" IN ('accepted', 'pending')
      ${people.ids === undefined ? Prisma.empty : Prisma.sql`AND l."facultyId" = ANY(${[...people.ids]}::text[])`}
    GROUP BY l."facultyId", l."status"`;
}

/** Every link's status, for these people. */
export async function linkStatesOf(
  db: DbClient,
  facultyIds: readonly string[],
): Promise<Array<{ facultyId: string; itemId: number; status: LinkStatus }>> {
  return db.$queryRaw<Array<{ facultyId: string; itemId: number; status: LinkStatus }>>`
    SELECT "facultyId", "itemId", "status"::text AS "status" FROM "FacultyItem"
    WHERE "facultyId" = ANY(${[...facultyIds]}::text[])`;
}

/** The people linked to any of these items, each once, by id. */
export async function facultyLinkedTo(db: DbClient, itemIds: readonly number[]): Promise<string[]> {
  const links = await db.facultyItem.findMany({
    where: { itemId: { in: [...itemIds] } },
    select: { facultyId: true },
    distinct: ["facultyId"],
    orderBy: { facultyId: "asc" },
  });
  return links.map((link) => link.facultyId);
}

/**
 * One page of links in (facultyId, itemId) order after `after`. Keyset pagination on the primary
 * key keeps every page one index range scan however deep the export goes.
 */
export async function exportPage(
  db: DbClient,
  query: { facultyIds?: readonly string[]; after?: LinkKey; pageSize: number },
): Promise<ExportItemLink[]> {
  const { after } = query;
  return db.facultyItem.findMany({
    where: {
      ...(query.facultyIds ? { facultyId: { in: [...query.facultyIds] } } : {}),
      ...(after && {
        OR: [
          { facultyId: { gt: after.facultyId } },
          { facultyId: after.facultyId, itemId: { gt: after.itemId } },
        ],
      }),
    },
    orderBy: [{ facultyId: "asc" }, { itemId: "asc" }],
    take: query.pageSize,
    select: {
      facultyId: true,
      itemId: true,
      status: true,
      authorPosition: true,
      item: {
        select: {
          kind: true,
          title: true,
          year: true,
          venue: true,
          doi: true,
          pmid: true,
          pmcid: true,
          publicationTypes: true,
          sourceRecords: { select: { source: true }, distinct: ["source"] },
        },
      },
    },
  });
}

/** Every link to an item with a PMID: who, what status, which PMID. */
export async function linksToPubmedItems(
  db: DbClient,
): Promise<Array<{ facultyId: string; status: LinkStatus; pmid: string }>> {
  const links = await db.facultyItem.findMany({
    where: { item: { pmid: { not: null } } },
    select: { facultyId: true, status: true, item: { select: { pmid: true } } },
  });
  return links.map((link) => ({ facultyId: link.facultyId, status: link.status, pmid: link.item.pmid! }));
}

export interface FacultyLinkRow {
  itemId: number;
  status: LinkStatus;
  score: number | null;
  decidedBy: string;
  decidedByUserId: number | null;
  decidedAt: Date;
  note: string | null;
  authorPosition: string | null;
  role: string | null;
  item: {
    kind: ItemKind;
    title: string;
    year: number | null;
    venue: string | null;
    doi: string | null;
    pmid: string | null;
  };
}

/** Every link of one person with its item, newest year first. */
export async function linksOfFaculty(db: DbClient, facultyId: string): Promise<FacultyLinkRow[]> {
  // SQL of our own: the API's items of a person are asked for often, and an ORM read costs more.
  const rows = await db.$queryRaw<Array<Omit<FacultyLinkRow, "item"> & FacultyLinkRow["item"]>>`
    SELECT l."itemId", l."status"::text AS "status", l."score", l."decidedBy", l."decidedByUserId",
           l."decidedAt", l."note", l."authorPosition"::text AS "authorPosition", l."role"::text AS "role",
           i."kind"::text AS "kind", i."title", i."year", i."venue", i."doi", i."pmid"
    FROM "FacultyItem" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE l."facultyId" = ${facultyId}
    ORDER BY i."year" DESC NULLS LAST, l."itemId"`;
  return rows.map(({ kind, title, year, venue, doi, pmid, ...link }) => ({
    ...link,
    item: { kind, title, year, venue, doi, pmid },
  }));
}

export interface NewLinkRow {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  createdAt: Date;
  item: { kind: ItemKind; title: string; year: number | null; venue: string | null };
}

/** These people's accepted and pending links made after the instant, newest first. */
export async function linksCreatedSince(
  db: DbClient,
  facultyIds: readonly string[],
  since: Date,
): Promise<NewLinkRow[]> {
  return db.facultyItem.findMany({
    where: {
      facultyId: { in: [...facultyIds] },
      createdAt: { gt: since },
      status: { in: ["accepted", "pending"] },
    },
    select: {
      facultyId: true,
      itemId: true,
      status: true,
      createdAt: true,
      item: { select: { kind: true, title: true, year: true, venue: true } },
    },
    orderBy: [{ createdAt: "desc" }, { itemId: "asc" }],
  });
}

/** How many links await a decision, for these people (everyone when absent). */
export async function countPendingLinks(db: DbClient, facultyIds?: readonly string[]): Promise<number> {
  return db.facultyItem.count({
    where: { status: "pending", ...(facultyIds ? { facultyId: { in: [...facultyIds] } } : {}) },
  });
}

/** One person's links with the evidence behind each: what authorship rests on. */
export async function linkEvidenceOf(
  db: DbClient,
  facultyId: string,
): Promise<
  Array<
    Pick<
      FacultyItem,
      | "itemId"
      | "status"
      | "score"
      | "evidence"
      | "authorPosition"
      | "authorIndex"
      | "decidedBy"
      | "decidedAt"
    >
  >
> {
  // SQL of our own: every profile page reads it.
  return db.$queryRaw`
    SELECT "itemId", "status"::text AS "status", "score", "evidence", "authorPosition"::text AS "authorPosition",
           "authorIndex", "decidedBy", "decidedAt"
    FROM "FacultyItem" WHERE "facultyId" = ${facultyId}`;
}
