-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "conversations";

-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('OPEN', 'HANDED_OFF', 'CLOSED');

-- CreateEnum
CREATE TYPE "QualificationState" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'QUALIFIED', 'DISQUALIFIED');

-- CreateEnum
CREATE TYPE "ConversationEventType" AS ENUM ('OPENED', 'QUALIFICATION_UPDATED', 'QUALIFIED', 'DISQUALIFIED', 'HANDED_OFF', 'CLOSED', 'REOPENED');

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "sessionId" TEXT NOT NULL,
    "remoteJid" TEXT NOT NULL,
    "status" "ConversationStatus" NOT NULL DEFAULT 'OPEN',
    "qualificationState" "QualificationState" NOT NULL DEFAULT 'NOT_STARTED',
    "qualification" JSONB NOT NULL DEFAULT '{}',
    "qualificationScore" INTEGER,
    "handoffReason" TEXT,
    "handedOffAt" TIMESTAMP(3),
    "qualifiedAt" TIMESTAMP(3),
    "lastMessageAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationEvent" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "type" "ConversationEventType" NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "actor" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_status_handedOffAt_idx" ON "Conversation"("workspaceId", "status", "handedOffAt");

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_lastMessageAt_idx" ON "Conversation"("workspaceId", "lastMessageAt");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_workspaceId_leadId_sessionId_key" ON "Conversation"("workspaceId", "leadId", "sessionId");

-- CreateIndex
CREATE INDEX "ConversationEvent_conversationId_id_idx" ON "ConversationEvent"("conversationId", "id");

-- AddForeignKey
ALTER TABLE "ConversationEvent" ADD CONSTRAINT "ConversationEvent_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

