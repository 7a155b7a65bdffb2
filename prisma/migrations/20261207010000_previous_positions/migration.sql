-- AlterTable
ALTER TABLE "Faculty" ADD COLUMN     "orcidEmployments" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "previousAffiliations" TEXT[] DEFAULT ARRAY[]::TEXT[];

