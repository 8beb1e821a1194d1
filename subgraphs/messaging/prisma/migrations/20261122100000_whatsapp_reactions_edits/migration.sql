-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "originalBody" VARCHAR(4096);

-- CreateTable
CREATE TABLE "MessageReaction" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "targetWaMessageId" TEXT NOT NULL,
    "messageId" UUID,
    "sessionId" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "fromLead" BOOLEAN NOT NULL,
    "emoji" VARCHAR(32) NOT NULL,
    "reactedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageReaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MessageReaction_messageId_idx" ON "MessageReaction"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "MessageReaction_workspaceId_targetWaMessageId_sessionId_pho_key" ON "MessageReaction"("workspaceId", "targetWaMessageId", "sessionId", "phone", "fromLead");

-- AddForeignKey
ALTER TABLE "MessageReaction" ADD CONSTRAINT "MessageReaction_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

