-- AlterTable
ALTER TABLE "HarvestRun" ADD COLUMN     "deferred" JSONB NOT NULL DEFAULT '[]';

