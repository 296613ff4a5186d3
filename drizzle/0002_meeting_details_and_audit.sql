CREATE TYPE "public"."meeting_kind" AS ENUM('musrenbang_kelurahan', 'rembuk_rw', 'forum_tematik', 'lainnya');--> statement-breakpoint
CREATE TYPE "public"."voter_rule" AS ENUM('joined', 'verified');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "kind" "meeting_kind" DEFAULT 'musrenbang_kelurahan' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "place" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "agenda" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "rw_scope" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "budget_ceiling" bigint;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "quorum" jsonb DEFAULT '{"kind":"none"}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "voters" "voter_rule" DEFAULT 'joined' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "sector_codes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "inclusion_thresholds" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "join_code" text;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "join_locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "rt" integer;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "rw" integer;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "age_group" text;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "disability" boolean;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "affiliation" text;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "participant" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_join_code_idx" ON "meeting" USING btree ("join_code");