-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "updatedSeq" BIGINT;

-- CreateIndex
CREATE INDEX "Message_workspaceId_leadId_updatedSeq_idx" ON "Message"("workspaceId", "leadId", "updatedSeq");

