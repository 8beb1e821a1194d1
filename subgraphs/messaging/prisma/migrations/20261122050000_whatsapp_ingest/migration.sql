-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "mediaSize" INTEGER,
ADD COLUMN     "remoteJid" TEXT;

-- CreateTable
CREATE TABLE "QueuedJob" (
    "id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "workspaceId" UUID NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "QueuedJob_pkey" PRIMARY KEY ("queue","id")
);

-- CreateIndex
CREATE INDEX "QueuedJob_queue_queuedAt_idx" ON "QueuedJob"("queue", "queuedAt");

-- CreateIndex
CREATE INDEX "QueuedJob_queue_doneAt_queuedAt_idx" ON "QueuedJob"("queue", "doneAt", "queuedAt");

