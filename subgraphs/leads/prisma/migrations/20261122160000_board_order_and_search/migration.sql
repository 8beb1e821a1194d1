-- Board order by sparse keys, per-chunk stage counts kept by triggers, and
-- trigram search (issue 8, parts 8 and 9).
--
-- "position" becomes a sparse decimal key: placing a card writes a key between
-- its neighbours' keys and touches no other row. The dense integers already
-- stored are valid keys, so the column changes type in place and keeps the
-- order of every column. The dense position clients see is the rank by
-- ("position", "id"), which the new index answers.
--
-- pg_trgm lives in `public`, not in this subgraph's schema: an extension
-- exists once per database, and other schemas may want it too.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- DropIndex
DROP INDEX "Lead_workspaceId_stageId_position_idx";

-- AlterTable
ALTER TABLE "Lead" ALTER COLUMN "position" SET DATA TYPE DECIMAL(65,30);

-- CreateIndex
CREATE INDEX "Lead_workspaceId_stageId_position_id_idx" ON "Lead"("workspaceId", "stageId", "position", "id");

-- CreateIndex
CREATE INDEX "Lead_name_trgm_idx" ON "Lead" USING GIN ("name" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_email_trgm_idx" ON "Lead" USING GIN ("email" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_phone_trgm_idx" ON "Lead" USING GIN ("phone" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_cpf_trgm_idx" ON "Lead" USING GIN ("cpf" public.gin_trgm_ops);

-- Per-chunk counts: summing the chunks before a key and counting inside one
-- chunk of 512 key units gives a card's dense position, and the card at a
-- position, without counting the column, and summing a stage's chunks gives the
-- board's column totals. Built with writers of "Lead" held off, so no write
-- is counted twice or missed between the triggers' creation and the backfill.
BEGIN;
LOCK TABLE "Lead" IN SHARE ROW EXCLUSIVE MODE;

-- CreateTable
CREATE TABLE "StageChunk" (
    "stageId" UUID NOT NULL,
    "chunk" BIGINT NOT NULL,
    "workspaceId" UUID NOT NULL,
    "leadCount" INTEGER NOT NULL DEFAULT 0,
    "valueSum" DECIMAL(30,2) NOT NULL DEFAULT 0,

    CONSTRAINT "StageChunk_pkey" PRIMARY KEY ("stageId","chunk")
);

-- CreateIndex
CREATE INDEX "StageChunk_workspaceId_idx" ON "StageChunk"("workspaceId");

-- AddForeignKey
ALTER TABLE "StageChunk" ADD CONSTRAINT "StageChunk_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "PipelineStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- "StageChunk" follows every statement on "Lead", whoever runs it: one upsert
-- per chunk whose count or sum changed, in key order so that two statements
-- never take the same rows in opposite orders. Writers of the application hold
-- the workspace lock already, so this adds no waiting between them. The chunk
-- width, 512, is CHUNK_WIDTH in src/domain/positions.ts.
-- The body is an E'' string spelling each semicolon \073: Prisma's pg adapter
-- runs a migration as the statements between semicolons, wherever they are.
CREATE FUNCTION "leads"."lead_stage_chunks"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "leads"."StageChunk" ("stageId", "chunk", "workspaceId", "leadCount", "valueSum")
    SELECT "stageId", floor("position" / 512)::bigint, "workspaceId", count(*), coalesce(sum("dealValue"), 0) FROM new_rows
    GROUP BY 1, 2, 3 ORDER BY 1, 2
    ON CONFLICT ("stageId", "chunk") DO UPDATE SET "leadCount" = "StageChunk"."leadCount" + EXCLUDED."leadCount",
      "valueSum" = "StageChunk"."valueSum" + EXCLUDED."valueSum"\073
  ELSIF TG_OP = ''DELETE'' THEN
    INSERT INTO "leads"."StageChunk" ("stageId", "chunk", "workspaceId", "leadCount", "valueSum")
    SELECT "stageId", floor("position" / 512)::bigint, "workspaceId", -count(*), -coalesce(sum("dealValue"), 0) FROM old_rows
    GROUP BY 1, 2, 3 ORDER BY 1, 2
    ON CONFLICT ("stageId", "chunk") DO UPDATE SET "leadCount" = "StageChunk"."leadCount" + EXCLUDED."leadCount",
      "valueSum" = "StageChunk"."valueSum" + EXCLUDED."valueSum"\073
  ELSE
    -- Edits, and key changes within a chunk, change no count: nothing is written then.
    INSERT INTO "leads"."StageChunk" ("stageId", "chunk", "workspaceId", "leadCount", "valueSum")
    SELECT "stageId", "chunk", "workspaceId", sum(n), sum(v) FROM (
      SELECT "stageId", floor("position" / 512)::bigint AS "chunk", "workspaceId", 1 AS n, coalesce("dealValue", 0) AS v FROM new_rows
      UNION ALL
      SELECT "stageId", floor("position" / 512)::bigint, "workspaceId", -1, -coalesce("dealValue", 0) FROM old_rows
    ) AS delta
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(v) <> 0 ORDER BY 1, 2
    ON CONFLICT ("stageId", "chunk") DO UPDATE SET "leadCount" = "StageChunk"."leadCount" + EXCLUDED."leadCount",
      "valueSum" = "StageChunk"."valueSum" + EXCLUDED."valueSum"\073
  END IF\073
  RETURN NULL\073
END\073
';

CREATE TRIGGER "Lead_stage_chunks_insert" AFTER INSERT ON "Lead"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "leads"."lead_stage_chunks"();
CREATE TRIGGER "Lead_stage_chunks_update" AFTER UPDATE ON "Lead"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "leads"."lead_stage_chunks"();
CREATE TRIGGER "Lead_stage_chunks_delete" AFTER DELETE ON "Lead"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "leads"."lead_stage_chunks"();

INSERT INTO "StageChunk" ("stageId", "chunk", "workspaceId", "leadCount", "valueSum")
SELECT "stageId", floor("position" / 512)::bigint, "workspaceId", count(*), coalesce(sum("dealValue"), 0) FROM "Lead" GROUP BY 1, 2, 3;

COMMIT;
