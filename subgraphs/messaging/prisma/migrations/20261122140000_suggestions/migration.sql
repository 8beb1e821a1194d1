-- CreateEnum
CREATE TYPE "SuggestionKind" AS ENUM ('REPLY', 'NEXT_ACTION', 'FOLLOW_UP');

-- CreateEnum
CREATE TYPE "SuggestionStatus" AS ENUM ('PENDING', 'APPROVED', 'MODIFIED', 'REJECTED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "SuggestedAction" AS ENUM ('ASK_MISSING_INFO', 'SEND_SIMULATION', 'REQUEST_DOCUMENTS', 'SCHEDULE_VISIT', 'CALL_LEAD', 'ANSWER_QUESTION', 'CLOSE_LOST');

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "sourceMessageId" UUID NOT NULL,
    "sourceSeq" BIGINT NOT NULL,
    "kind" "SuggestionKind" NOT NULL,
    "body" VARCHAR(4096),
    "action" "SuggestedAction",
    "followUpAt" TIMESTAMP(3),
    "rationale" VARCHAR(500) NOT NULL,
    "provider" VARCHAR(40) NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'PENDING',
    "decidedAt" TIMESTAMP(3),
    "decidedByUserId" UUID,
    "editedBody" VARCHAR(4096),
    "rejectReason" VARCHAR(500),
    "sentMessageId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Suggestion_workspaceId_leadId_createdAt_idx" ON "Suggestion"("workspaceId", "leadId", "createdAt");

-- CreateIndex
CREATE INDEX "Suggestion_workspaceId_conversationId_status_idx" ON "Suggestion"("workspaceId", "conversationId", "status");

-- CreateIndex
CREATE INDEX "Suggestion_workspaceId_createdAt_idx" ON "Suggestion"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Suggestion_conversationId_sourceMessageId_kind_key" ON "Suggestion"("conversationId", "sourceMessageId", "kind");

