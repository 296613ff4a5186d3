CREATE TABLE "board_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_version_meeting_version" UNIQUE("meeting_id","version")
);
--> statement-breakpoint
CREATE TABLE "usulan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"board_version_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"rank" integer NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"location_text" text NOT NULL,
	"rt" integer,
	"rw" integer,
	"sector" text NOT NULL,
	"volume" double precision,
	"unit" text NOT NULL,
	"estimated_cost" bigint,
	"funding_source" text NOT NULL,
	"proposers" jsonb NOT NULL,
	"merge_history" jsonb NOT NULL,
	"merged_items" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "usulan_version_rank" UNIQUE("board_version_id","rank"),
	CONSTRAINT "usulan_version_item" UNIQUE("board_version_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "board_version" ADD CONSTRAINT "board_version_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_version" ADD CONSTRAINT "board_version_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usulan" ADD CONSTRAINT "usulan_board_version_id_board_version_id_fk" FOREIGN KEY ("board_version_id") REFERENCES "public"."board_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usulan" ADD CONSTRAINT "usulan_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usulan_meeting_item_idx" ON "usulan" USING btree ("meeting_id","item_id");