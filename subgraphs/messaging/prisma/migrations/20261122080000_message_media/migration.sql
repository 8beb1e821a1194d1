-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "mediaFileName" TEXT,
ADD COLUMN     "mediaPath" TEXT;

