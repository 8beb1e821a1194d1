-- AlterTable
ALTER TABLE "AgentSettings" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

