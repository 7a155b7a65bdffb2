-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "LinkStatus" AS ENUM ('accepted', 'pending', 'rejected');

-- CreateEnum
CREATE TYPE "ItemKind" AS ENUM ('publication', 'presentation', 'grant');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'active', 'completed', 'failed');

-- CreateTable
CREATE TABLE "Faculty" (
    "id" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "middleName" TEXT,
    "orcid" TEXT,
    "email" TEXT,
    "rank" TEXT,
    "track" TEXT,
    "division" TEXT,
    "hireDate" DATE,
    "programStart" DATE,
    "cohort" TEXT,
    "mentorId" TEXT,
    "affiliationTerms" TEXT[],
    "nameVariants" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Faculty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Item" (
    "id" SERIAL NOT NULL,
    "kind" "ItemKind" NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "venue" TEXT,
    "doi" TEXT,
    "pmid" TEXT,
    "pmcid" TEXT,
    "publicationTypes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceRecord" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,
    "harvestRunId" TEXT,

    CONSTRAINT "SourceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FacultyItem" (
    "facultyId" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "status" "LinkStatus" NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "score" DOUBLE PRECISION,
    "evidence" JSONB NOT NULL,
    "authorPosition" TEXT,
    "authorIndex" INTEGER,
    "equalContribution" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FacultyItem_pkey" PRIMARY KEY ("facultyId","itemId")
);

-- CreateTable
CREATE TABLE "HarvestRun" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "sources" TEXT[],
    "sinceYear" INTEGER,
    "untilYear" INTEGER,
    "status" "RunStatus" NOT NULL DEFAULT 'running',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "HarvestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HarvestJob" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "facultyId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "recordsFetched" INTEGER NOT NULL DEFAULT 0,
    "itemsNew" INTEGER NOT NULL DEFAULT 0,
    "itemsUpdated" INTEGER NOT NULL DEFAULT 0,
    "linksAccepted" INTEGER NOT NULL DEFAULT 0,
    "linksPending" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HarvestJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Faculty_orcid_key" ON "Faculty"("orcid");

-- CreateIndex
CREATE INDEX "Faculty_cohort_idx" ON "Faculty"("cohort");

-- CreateIndex
CREATE UNIQUE INDEX "Item_doi_key" ON "Item"("doi");

-- CreateIndex
CREATE UNIQUE INDEX "Item_pmid_key" ON "Item"("pmid");

-- CreateIndex
CREATE UNIQUE INDEX "Item_pmcid_key" ON "Item"("pmcid");

-- CreateIndex
CREATE INDEX "SourceRecord_itemId_idx" ON "SourceRecord"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "SourceRecord_source_sourceId_key" ON "SourceRecord"("source", "sourceId");

-- CreateIndex
CREATE INDEX "FacultyItem_status_idx" ON "FacultyItem"("status");

-- CreateIndex
CREATE INDEX "HarvestJob_facultyId_source_status_idx" ON "HarvestJob"("facultyId", "source", "status");

-- CreateIndex
CREATE UNIQUE INDEX "HarvestJob_runId_facultyId_source_key" ON "HarvestJob"("runId", "facultyId", "source");

-- AddForeignKey
ALTER TABLE "Faculty" ADD CONSTRAINT "Faculty_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Faculty"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacultyItem" ADD CONSTRAINT "FacultyItem_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacultyItem" ADD CONSTRAINT "FacultyItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HarvestJob" ADD CONSTRAINT "HarvestJob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "HarvestRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HarvestJob" ADD CONSTRAINT "HarvestJob_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

