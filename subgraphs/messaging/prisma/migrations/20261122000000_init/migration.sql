-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "messaging";

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "MessageAuthor" AS ENUM ('LEAD', 'AI', 'CONSULTANT', 'SYSTEM');

-- CreateEnum
CREATE TYPE "MessageType" AS ENUM ('TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT', 'LOCATION', 'TEMPLATE');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED');

-- CreateEnum
CREATE TYPE "TemplateCategory" AS ENUM ('MARKETING', 'UTILITY', 'AUTHENTICATION');

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "leadId" UUID NOT NULL,
    "conversationId" UUID,
    "direction" "MessageDirection" NOT NULL,
    "author" "MessageAuthor" NOT NULL,
    "authorUserId" UUID,
    "type" "MessageType" NOT NULL,
    "body" VARCHAR(4096),
    "mediaUrl" TEXT,
    "mediaMime" TEXT,
    "waMessageId" TEXT,
    "sessionId" TEXT,
    "status" "MessageStatus" NOT NULL,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "category" "TemplateCategory" NOT NULL,
    "body" VARCHAR(4096) NOT NULL,
    "variables" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceSequence" (
    "workspaceId" UUID NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "WorkspaceSequence_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "Message_workspaceId_leadId_seq_idx" ON "Message"("workspaceId", "leadId", "seq");

-- CreateIndex
CREATE INDEX "Message_workspaceId_conversationId_seq_idx" ON "Message"("workspaceId", "conversationId", "seq");

-- CreateIndex
CREATE INDEX "Message_workspaceId_status_direction_seq_idx" ON "Message"("workspaceId", "status", "direction", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_workspaceId_seq_key" ON "Message"("workspaceId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_workspaceId_waMessageId_key" ON "Message"("workspaceId", "waMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "Template_workspaceId_name_key" ON "Template"("workspaceId", "name");

