-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "retracted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scopeOverride" TEXT;

-- CreateTable
CREATE TABLE "ItemRelation" (
    "fromItemId" INTEGER NOT NULL,
    "toItemId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,

    CONSTRAINT "ItemRelation_pkey" PRIMARY KEY ("fromItemId","toItemId","type")
);

-- CreateTable
CREATE TABLE "ItemDecision" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "otherItemId" INTEGER,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "ItemDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "facultyId" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "memberItemIds" INTEGER[],
    "kind" "ItemKind" NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "venue" TEXT,
    "metric" TEXT,
    "counted" BOOLEAN NOT NULL,
    "rule" TEXT NOT NULL,
    "rulesVersion" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "scope" TEXT,
    "role" TEXT,
    "authorPosition" TEXT,
    "equalContribution" BOOLEAN NOT NULL DEFAULT false,
    "provenance" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("facultyId","itemId")
);

-- CreateIndex
CREATE INDEX "ItemRelation_toItemId_idx" ON "ItemRelation"("toItemId");

-- CreateIndex
CREATE INDEX "ItemDecision_itemId_idx" ON "ItemDecision"("itemId");

-- CreateIndex
CREATE INDEX "ItemDecision_otherItemId_idx" ON "ItemDecision"("otherItemId");

-- CreateIndex
CREATE INDEX "LedgerEntry_facultyId_metric_idx" ON "LedgerEntry"("facultyId", "metric");

-- AddForeignKey
ALTER TABLE "ItemRelation" ADD CONSTRAINT "ItemRelation_fromItemId_fkey" FOREIGN KEY ("fromItemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemRelation" ADD CONSTRAINT "ItemRelation_toItemId_fkey" FOREIGN KEY ("toItemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

