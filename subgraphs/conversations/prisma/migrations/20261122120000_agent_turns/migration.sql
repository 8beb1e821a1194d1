-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ConversationEventType" ADD VALUE 'AGENT_TURN';
ALTER TYPE "ConversationEventType" ADD VALUE 'OPTED_OUT';

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "agentCursor" BIGINT,
ADD COLUMN     "agentState" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "agentTurn" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "financing" JSONB,
ADD COLUMN     "optedOutAt" TIMESTAMP(3),
ADD COLUMN     "protocol" VARCHAR(20);

-- CreateTable
CREATE TABLE "AgentSettings" (
    "workspaceId" UUID NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "AgentSettings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_protocol_key" ON "Conversation"("protocol");

