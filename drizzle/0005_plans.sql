CREATE TYPE "public"."plan_funding_source" AS ENUM('dana_kelurahan', 'swadaya', 'csr', 'lsm', 'apbn', 'lainnya');--> statement-breakpoint
CREATE TYPE "public"."plan_item_status" AS ENUM('planned', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'approved', 'in_implementation', 'closed');--> statement-breakpoint
CREATE TYPE "public"."responsible_kind" AS ENUM('kelurahan', 'lsm', 'swasta', 'kelompok_warga');--> statement-breakpoint
CREATE TABLE "plan_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"strategy_area" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"rt" integer,
	"rw" integer,
	"output" text DEFAULT '' NOT NULL,
	"volume" double precision,
	"unit" text DEFAULT '' NOT NULL,
	"indicator_name" text DEFAULT '' NOT NULL,
	"indicator_unit" text DEFAULT '' NOT NULL,
	"indicator_baseline" double precision,
	"indicator_target" double precision,
	"budget" bigint DEFAULT 0 NOT NULL,
	"responsible_kind" "responsible_kind" DEFAULT 'kelurahan' NOT NULL,
	"responsible_name" text DEFAULT '' NOT NULL,
	"partners" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_date" date,
	"end_date" date,
	"status" "plan_item_status" DEFAULT 'planned' NOT NULL,
	"cancel_reason" text,
	"carried_over_at" timestamp with time zone,
	"carry_over_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_item_decision" (
	"plan_item_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	CONSTRAINT "plan_item_decision_plan_item_id_decision_id_pk" PRIMARY KEY("plan_item_id","decision_id")
);
--> statement-breakpoint
CREATE TABLE "plan_item_funding" (
	"plan_item_id" uuid NOT NULL,
	"source" "plan_funding_source" NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "plan_item_funding_plan_item_id_source_pk" PRIMARY KEY("plan_item_id","source")
);
--> statement-breakpoint
CREATE TABLE "plan_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_item_id" uuid NOT NULL,
	"reported_on" date NOT NULL,
	"percent" integer NOT NULL,
	"realised_budget" bigint,
	"indicator_value" double precision,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kelurahan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"implementation_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "program_plan_kelurahan_title" UNIQUE("kelurahan_id","title")
);
--> statement-breakpoint
ALTER TABLE "decision" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_plan_id_program_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."program_plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item_decision" ADD CONSTRAINT "plan_item_decision_plan_item_id_plan_item_id_fk" FOREIGN KEY ("plan_item_id") REFERENCES "public"."plan_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item_decision" ADD CONSTRAINT "plan_item_decision_decision_id_decision_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item_funding" ADD CONSTRAINT "plan_item_funding_plan_item_id_plan_item_id_fk" FOREIGN KEY ("plan_item_id") REFERENCES "public"."plan_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress" ADD CONSTRAINT "plan_progress_plan_item_id_plan_item_id_fk" FOREIGN KEY ("plan_item_id") REFERENCES "public"."plan_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress" ADD CONSTRAINT "plan_progress_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_plan" ADD CONSTRAINT "program_plan_kelurahan_id_kelurahan_id_fk" FOREIGN KEY ("kelurahan_id") REFERENCES "public"."kelurahan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_plan" ADD CONSTRAINT "program_plan_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_item_plan_idx" ON "plan_item" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_item_decision_decision_idx" ON "plan_item_decision" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "plan_progress_item_idx" ON "plan_progress" USING btree ("plan_item_id","reported_on");--> statement-breakpoint
CREATE INDEX "program_plan_kelurahan_idx" ON "program_plan" USING btree ("kelurahan_id");