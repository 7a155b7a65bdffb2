-- DropIndex
DROP INDEX "FacultyItem_status_score_idx";

-- CreateIndex
CREATE INDEX "FacultyItem_facultyId_status_idx" ON "FacultyItem"("facultyId", "status");

-- CreateIndex
CREATE INDEX "FacultyItem_status_score_facultyId_itemId_idx" ON "FacultyItem"("status", "score", "facultyId", "itemId");

-- CreateIndex
CREATE INDEX "FacultyItem_status_score_desc_facultyId_itemId_idx" ON "FacultyItem"("status", "score" DESC, "facultyId", "itemId");

