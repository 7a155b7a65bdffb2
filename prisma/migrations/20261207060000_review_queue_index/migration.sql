-- CreateIndex
CREATE INDEX "FacultyItem_status_score_idx" ON "FacultyItem"("status", "score");
