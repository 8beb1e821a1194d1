-- CreateEnum
CREATE TYPE "AssignmentEnd" AS ENUM ('HANDED_OFF', 'UNASSIGNED', 'WON', 'LOST', 'SLA_EXPIRED');

-- CreateEnum
CREATE TYPE "ProductLine" AS ENUM ('REAL_ESTATE', 'VEHICLE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AssignmentReason" ADD VALUE 'QUEUE_DRAINED';
ALTER TYPE "AssignmentReason" ADD VALUE 'SLA_REASSIGNED';
ALTER TYPE "AssignmentReason" ADD VALUE 'REOPENED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastAssignmentSeq" BIGINT,
ADD COLUMN     "productLines" "ProductLine"[] DEFAULT ARRAY['REAL_ESTATE', 'VEHICLE']::"ProductLine"[];

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "endReason" "AssignmentEnd",
ADD COLUMN     "firstResponseAt" TIMESTAMP(3),
ADD COLUMN     "productLine" "ProductLine",
ADD COLUMN     "seq" BIGSERIAL NOT NULL,
ADD COLUMN     "slaDueAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "LeadAssignment" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "outcomeCursor" BIGINT;

-- CreateTable
CREATE TABLE "WaitingLead" (
    "leadId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "productLine" "ProductLine" NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "enqueuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT,

    CONSTRAINT "WaitingLead_pkey" PRIMARY KEY ("leadId")
);

-- CreateIndex
CREATE UNIQUE INDEX "WaitingLead_seq_key" ON "WaitingLead"("seq");

-- CreateIndex
CREATE INDEX "WaitingLead_workspaceId_productLine_seq_idx" ON "WaitingLead"("workspaceId", "productLine", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_seq_key" ON "Assignment"("seq");

-- CreateIndex
CREATE INDEX "Assignment_userId_seq_idx" ON "Assignment"("userId", "seq");

-- CreateIndex
CREATE INDEX "Assignment_slaDueAt_idx" ON "Assignment"("slaDueAt");

