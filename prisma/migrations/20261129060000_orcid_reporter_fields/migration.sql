-- AlterTable
ALTER TABLE "Faculty" ADD COLUMN     "orcidAffiliationTerms" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "orcidNameVariants" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "orcidStatus" TEXT,
ADD COLUMN     "orcidStatusAt" TIMESTAMP(3),
ADD COLUMN     "reporterProfileId" INTEGER;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "details" JSONB,
ADD COLUMN     "sourceType" TEXT;

-- AlterTable
ALTER TABLE "FacultyItem" ADD COLUMN     "role" TEXT;

