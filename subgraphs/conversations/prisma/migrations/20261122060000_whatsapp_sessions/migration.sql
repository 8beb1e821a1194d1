-- CreateEnum
CREATE TYPE "WhatsAppSessionRole" AS ENUM ('AGENT', 'TEAM');

-- CreateEnum
CREATE TYPE "WhatsAppSessionStatus" AS ENUM ('STARTING', 'WAITING_FOR_PAIRING', 'CONNECTING', 'CONNECTED', 'RECONNECTING', 'LOGGED_OUT', 'REPLACED', 'STOPPED');

-- CreateTable
CREATE TABLE "WhatsAppSession" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "sessionId" VARCHAR(40) NOT NULL,
    "role" "WhatsAppSessionRole" NOT NULL,
    "status" "WhatsAppSessionStatus" NOT NULL,
    "qr" VARCHAR(1024),
    "pairingCode" VARCHAR(16),
    "lastError" VARCHAR(500),
    "phone" VARCHAR(16),
    "seq" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WhatsAppSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WhatsAppSessionSequence" (
    "workspaceId" UUID NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "WhatsAppSessionSequence_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "WhatsAppAuthEntry" (
    "workspaceId" UUID NOT NULL,
    "sessionId" VARCHAR(40) NOT NULL,
    "key" VARCHAR(256) NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WhatsAppAuthEntry_pkey" PRIMARY KEY ("workspaceId","sessionId","key")
);

-- CreateIndex
CREATE INDEX "WhatsAppSession_workspaceId_seq_idx" ON "WhatsAppSession"("workspaceId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppSession_workspaceId_sessionId_key" ON "WhatsAppSession"("workspaceId", "sessionId");

