-- A deleted lead ends its assignment (DELETED) and is remembered, so that
-- nothing places it again after the leads subgraph deleted it (issue 7).
-- No semicolons in comments: Prisma's pg adapter splits a migration at every one.

-- AlterEnum
ALTER TYPE "AssignmentEnd" ADD VALUE 'DELETED';

-- CreateTable
CREATE TABLE "DeletedLead" (
    "workspaceId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedLead_pkey" PRIMARY KEY ("workspaceId","leadId")
);
