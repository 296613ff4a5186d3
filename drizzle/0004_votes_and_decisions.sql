CREATE TYPE "public"."decision_outcome" AS ENUM('agreed', 'rejected', 'deferred', 'elected');--> statement-breakpoint
CREATE TYPE "public"."hybrid_source" AS ENUM('hands', 'paper');--> statement-breakpoint
CREATE TYPE "public"."result_visibility" AS ENUM('live', 'after_close');--> statement-breakpoint
CREATE TYPE "public"."vote_eligibility" AS ENUM('joined', 'verified');--> statement-breakpoint
CREATE TYPE "public"."vote_method" AS ENUM('yes_no', 'approval', 'dots', 'score', 'criteria', 'ranked', 'budget');--> statement-breakpoint
CREATE TYPE "public"."vote_subject" AS ENUM('usulan', 'candidates', 'options');--> statement-breakpoint
CREATE TABLE "ballot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"choice" jsonb NOT NULL,
	"latest" boolean DEFAULT true NOT NULL,
	"idempotency_key" text NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"option_id" uuid,
	"usulan_id" uuid,
	"outcome" "decision_outcome" NOT NULL,
	"rank" integer,
	"note" text DEFAULT '' NOT NULL,
	"tally_snapshot" jsonb NOT NULL,
	"board_version_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hybrid_count" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"source" "hybrid_source" NOT NULL,
	"voters" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"title" text NOT NULL,
	"subject" "vote_subject" NOT NULL,
	"method" "vote_method" NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"results" "result_visibility" DEFAULT 'live' NOT NULL,
	"eligibility" "vote_eligibility" DEFAULT 'joined' NOT NULL,
	"quorum" jsonb DEFAULT '{"kind":"none"}'::jsonb NOT NULL,
	"duration_seconds" integer,
	"board_version_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"final_tally" jsonb
);
--> statement-breakpoint
CREATE TABLE "vote_option" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"usulan_id" uuid,
	"participant_id" uuid,
	"cost" bigint
);
--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_participant_id_participant_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_option_id_vote_option_id_fk" FOREIGN KEY ("option_id") REFERENCES "public"."vote_option"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_usulan_id_usulan_id_fk" FOREIGN KEY ("usulan_id") REFERENCES "public"."usulan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_board_version_id_board_version_id_fk" FOREIGN KEY ("board_version_id") REFERENCES "public"."board_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hybrid_count" ADD CONSTRAINT "hybrid_count_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hybrid_count" ADD CONSTRAINT "hybrid_count_entered_by_app_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_board_version_id_board_version_id_fk" FOREIGN KEY ("board_version_id") REFERENCES "public"."board_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_usulan_id_usulan_id_fk" FOREIGN KEY ("usulan_id") REFERENCES "public"."usulan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_participant_id_participant_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_one_latest" ON "ballot" USING btree ("vote_id","participant_id") WHERE "ballot"."latest";--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_idempotency" ON "ballot" USING btree ("vote_id","participant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ballot_vote_latest_idx" ON "ballot" USING btree ("vote_id","latest");--> statement-breakpoint
CREATE INDEX "decision_meeting_idx" ON "decision" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "decision_vote_idx" ON "decision" USING btree ("vote_id");--> statement-breakpoint
CREATE INDEX "hybrid_count_vote_idx" ON "hybrid_count" USING btree ("vote_id");--> statement-breakpoint
CREATE INDEX "vote_meeting_idx" ON "vote" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_option_position" ON "vote_option" USING btree ("vote_id","position");