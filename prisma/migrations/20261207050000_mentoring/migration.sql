-- CreateEnum
CREATE TYPE "MentorshipKind" AS ENUM ('formal', 'informal');

-- CreateTable
CREATE TABLE "Mentorship" (
    "id" SERIAL NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "kind" "MentorshipKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mentorship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringMeeting" (
    "id" SERIAL NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "minutes" INTEGER,
    "topics" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevelopmentPlan" (
    "id" SERIAL NOT NULL,
    "facultyId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "submittedDate" DATE,
    "reviewedWithMentorDate" DATE,
    "goals" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DevelopmentPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorDigest" (
    "id" SERIAL NOT NULL,
    "mentorId" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "coveredUntil" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mentees" INTEGER NOT NULL,

    CONSTRAINT "MentorDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Mentorship_menteeId_idx" ON "Mentorship"("menteeId");

-- CreateIndex
CREATE UNIQUE INDEX "Mentorship_mentorId_menteeId_startDate_key" ON "Mentorship"("mentorId", "menteeId", "startDate");

-- CreateIndex
CREATE INDEX "MentoringMeeting_menteeId_idx" ON "MentoringMeeting"("menteeId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringMeeting_mentorId_menteeId_date_key" ON "MentoringMeeting"("mentorId", "menteeId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DevelopmentPlan_facultyId_year_key" ON "DevelopmentPlan"("facultyId", "year");

-- CreateIndex
CREATE INDEX "MentorDigest_mentorId_coveredUntil_idx" ON "MentorDigest"("mentorId", "coveredUntil");

-- AddForeignKey
ALTER TABLE "Mentorship" ADD CONSTRAINT "Mentorship_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mentorship" ADD CONSTRAINT "Mentorship_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringMeeting" ADD CONSTRAINT "MentoringMeeting_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringMeeting" ADD CONSTRAINT "MentoringMeeting_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevelopmentPlan" ADD CONSTRAINT "DevelopmentPlan_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorDigest" ADD CONSTRAINT "MentorDigest_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

