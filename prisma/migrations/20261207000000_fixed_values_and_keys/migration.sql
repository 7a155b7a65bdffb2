-- Columns that hold a fixed set of values become enums; source names get a table of their own;
-- item decisions and source records get the foreign keys they lacked. Every value is carried
-- over as the same string, so reports and exports read exactly as before.

-- CreateEnum
CREATE TYPE "DecisionKind" AS ENUM ('merge', 'split');

-- CreateEnum
CREATE TYPE "RelationType" AS ENUM ('erratum_for', 'correction_for', 'retraction_of', 'concern_for', 'comment_on', 'abstract_of', 'presentation_of', 'republished_as');

-- CreateEnum
CREATE TYPE "Metric" AS ENUM ('peer_reviewed_publications', 'other_publications', 'national_presentations', 'other_presentations', 'grants_pi_or_coi', 'grants_other');

-- CreateEnum
CREATE TYPE "PresentationScope" AS ENUM ('international', 'national', 'regional', 'local');

-- CreateEnum
CREATE TYPE "LedgerScope" AS ENUM ('international', 'national', 'regional', 'local', 'unknown');

-- CreateEnum
CREATE TYPE "GrantRole" AS ENUM ('pi', 'multiple_pi', 'co_investigator', 'other');

-- CreateEnum
CREATE TYPE "AuthorPosition" AS ENUM ('first', 'last', 'middle', 'sole');

-- An empty text meant "none": it becomes NULL.
UPDATE "Item" SET "scopeOverride" = NULL WHERE "scopeOverride" = '';
UPDATE "LedgerEntry" SET "metric" = NULL WHERE "metric" = '';
UPDATE "LedgerEntry" SET "scope" = NULL WHERE "scope" = '';
UPDATE "LedgerEntry" SET "role" = NULL WHERE "role" = '';
UPDATE "LedgerEntry" SET "authorPosition" = NULL WHERE "authorPosition" = '';
UPDATE "FacultyItem" SET "role" = NULL WHERE "role" = '';
UPDATE "FacultyItem" SET "authorPosition" = NULL WHERE "authorPosition" = '';

-- A value outside its set stops the migration (rolled back) with the column and the values to
-- fix, rather than being lost.
DO $$
DECLARE
  target RECORD;
  found TEXT;
BEGIN
  FOR target IN SELECT * FROM (VALUES
    ('Item', 'scopeOverride', 'PresentationScope'),
    ('ItemRelation', 'type', 'RelationType'),
    ('ItemDecision', 'kind', 'DecisionKind'),
    ('LedgerEntry', 'metric', 'Metric'),
    ('LedgerEntry', 'scope', 'LedgerScope'),
    ('LedgerEntry', 'role', 'GrantRole'),
    ('LedgerEntry', 'authorPosition', 'AuthorPosition'),
    ('FacultyItem', 'role', 'GrantRole'),
    ('FacultyItem', 'authorPosition', 'AuthorPosition')
  ) AS t(tbl, col, typ) LOOP
    EXECUTE format(
      'SELECT string_agg(DISTINCT quote_literal(%1$I), '', '') FROM %2$I '
      'WHERE %1$I IS NOT NULL AND %1$I <> ALL (enum_range(NULL::%3$I)::text[])',
      target.col, target.tbl, target.typ
    ) INTO found;
    IF found IS NOT NULL THEN
      RAISE EXCEPTION '%.% holds values outside %: %', target.tbl, target.col, target.typ, found;
    END IF;
  END LOOP;
END $$;

-- AlterTable
ALTER TABLE "Item" ALTER COLUMN "scopeOverride" TYPE "PresentationScope" USING "scopeOverride"::"PresentationScope";

-- AlterTable
ALTER TABLE "ItemRelation" ALTER COLUMN "type" TYPE "RelationType" USING "type"::"RelationType";

-- AlterTable
ALTER TABLE "ItemDecision" ALTER COLUMN "kind" TYPE "DecisionKind" USING "kind"::"DecisionKind";

-- AlterTable
ALTER TABLE "LedgerEntry" ALTER COLUMN "metric" TYPE "Metric" USING "metric"::"Metric",
ALTER COLUMN "scope" TYPE "LedgerScope" USING "scope"::"LedgerScope",
ALTER COLUMN "role" TYPE "GrantRole" USING "role"::"GrantRole",
ALTER COLUMN "authorPosition" TYPE "AuthorPosition" USING "authorPosition"::"AuthorPosition";

-- AlterTable
ALTER TABLE "FacultyItem" ALTER COLUMN "authorPosition" TYPE "AuthorPosition" USING "authorPosition"::"AuthorPosition",
ALTER COLUMN "role" TYPE "GrantRole" USING "role"::"GrantRole";

-- CreateTable
CREATE TABLE "Source" (
    "name" TEXT NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("name")
);

-- The registry's sources as of this migration, and every name already stored, so that no
-- record or job is refused. The migration runner adds the registry's names after every run.
INSERT INTO "Source" ("name")
SELECT "name" FROM (VALUES ('pubmed'), ('orcid'), ('reporter'), ('cv')) AS registry("name")
UNION SELECT DISTINCT "source" FROM "SourceRecord"
UNION SELECT DISTINCT "source" FROM "HarvestJob"
ON CONFLICT DO NOTHING;

-- A decision about an item that no longer exists can never apply again (it would have gone with
-- its item had the key been there): such decisions are deleted.
DELETE FROM "ItemDecision" AS decision
WHERE NOT EXISTS (SELECT 1 FROM "Item" WHERE "Item"."id" = decision."itemId")
   OR (decision."otherItemId" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "Item" WHERE "Item"."id" = decision."otherItemId"));

-- A record outlives its run: a run that no longer exists leaves the record with no run.
UPDATE "SourceRecord" AS record SET "harvestRunId" = NULL
WHERE record."harvestRunId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "HarvestRun" WHERE "HarvestRun"."id" = record."harvestRunId");

-- CreateIndex
CREATE INDEX "SourceRecord_harvestRunId_idx" ON "SourceRecord"("harvestRunId");

-- AddForeignKey
ALTER TABLE "ItemDecision" ADD CONSTRAINT "ItemDecision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemDecision" ADD CONSTRAINT "ItemDecision_otherItemId_fkey" FOREIGN KEY ("otherItemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_source_fkey" FOREIGN KEY ("source") REFERENCES "Source"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_harvestRunId_fkey" FOREIGN KEY ("harvestRunId") REFERENCES "HarvestRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HarvestJob" ADD CONSTRAINT "HarvestJob_source_fkey" FOREIGN KEY ("source") REFERENCES "Source"("name") ON DELETE RESTRICT ON UPDATE CASCADE;
