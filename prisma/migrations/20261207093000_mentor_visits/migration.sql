-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mentorVisitedAt" TIMESTAMP(3);

