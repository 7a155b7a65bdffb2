-- CreateEnum
CREATE TYPE "HarvestMode" AS ENUM ('complete', 'incremental');

-- AlterTable
ALTER TABLE "HarvestRun" ADD COLUMN     "full" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "HarvestJob" ADD COLUMN     "mode" "HarvestMode",
ADD COLUMN     "modeReason" TEXT;

-- CreateTable
CREATE TABLE "HarvestState" (
    "facultyId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "lastHarvestAt" TIMESTAMP(3) NOT NULL,
    "lastCompleteAt" TIMESTAMP(3) NOT NULL,
    "identity" TEXT NOT NULL,
    "cursor" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HarvestState_pkey" PRIMARY KEY ("facultyId","source")
);

-- AddForeignKey
ALTER TABLE "HarvestState" ADD CONSTRAINT "HarvestState_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HarvestState" ADD CONSTRAINT "HarvestState_source_fkey" FOREIGN KEY ("source") REFERENCES "Source"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

