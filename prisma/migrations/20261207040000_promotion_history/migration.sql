-- CreateTable
CREATE TABLE "Promotion" (
    "id" SERIAL NOT NULL,
    "facultyId" TEXT NOT NULL,
    "rank" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Promotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Promotion_rank_idx" ON "Promotion"("rank");

-- CreateIndex
CREATE UNIQUE INDEX "Promotion_facultyId_rank_key" ON "Promotion"("facultyId", "rank");

-- AddForeignKey
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_facultyId_fkey" FOREIGN KEY ("facultyId") REFERENCES "Faculty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

