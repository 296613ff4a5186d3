/**
 * The berita acara as a PDF (A4, pdfkit's built-in Helvetica), with the same sections and headings
 * as the print page: meeting facts and agenda, attendance figures and the attendance list, the
 * final list, every vote with its tally split by phones / hands / paper, the decisions, the
 * elected delegates, the audit chain head, and the signature block. Tables repeat their header on
 * each page they continue on and never split a row; every page says "Halaman N dari M".
 *
 * The built-in fonts only know the Windows-1252 (WinAnsi) letters, so text is folded into that
 * set first (accents kept where the set has them, dropped where it does not, `?` otherwise).
 */
import PDFDocument from 'pdfkit';
import { inclusionGroups } from '../../domain/attendance.ts';
import { m } from '../../paraglide/messages.js';
import type { BeritaAcara } from './berita-acara.ts';
import { documentWords, type DocLocale, type DocumentWords } from './berita-acara-text.ts';

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
/** Room under the text for the page number line. */
const FOOTER = 10 * MM;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';

const SIZE = { title: 17, h2: 12.5, h3: 10.5, body: 9.5, table: 8.5, small: 7.5 };
const INK = '#1b1f1d';
const SOFT = '#4a524e';
const LINE = '#9aa39e';
const HEAD_BG = '#e8ece9';
const CELL_PAD = 3;
/** Tables up to this tall (about a third of a page) are never split. */
const KEEP_WHOLE = 240;

/** Code points the built-in fonts draw (WinAnsi) above Latin-1. */
const WIN_ANSI_EXTRA = new Set([
	402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249,
	8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382
]);
/** Letters without a decomposition, spelled the way people write them without the accent. */
const PLAIN_LETTERS: Record<string, string> = {
	Đ: 'D',
	đ: 'd',
	Ł: 'L',
	ł: 'l',
	ı: 'i',
	Ħ: 'H',
	ħ: 'h'
};
const drawable = (cp: number) =>
	(cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);

/** Text the built-in fonts can draw: unknown letters lose their accents, or become `?`. */
export function toWinAnsi(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		const cp = ch.codePointAt(0)!;
		if (drawable(cp)) out += ch;
		else if (ch === '\n') out += '\n';
		else if (/\s/u.test(ch)) out += ' ';
		else if (cp === 0x2212 || cp === 0x2010 || cp === 0x2011) out += '-';
		else if (PLAIN_LETTERS[ch]) out += PLAIN_LETTERS[ch];
		else {
			const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
			out += base && [...base].every((c) => drawable(c.codePointAt(0)!)) ? base : '?';
		}
	}
	return out;
}

type Align = 'left' | 'right' | 'center';
type Column = { header: string; width: number; align?: Align };
type Cell = string | { text: string; bold?: boolean; mono?: boolean; color?: string };
type TableSpec = {
	caption?: string;
	columns: Column[];
	rows: Cell[][];
	/** Rows drawn bold after a thicker line (totals). */
	footer?: Cell[][];
	/** No header row (a list of facts: label, value). */
	headless?: boolean;
};

/** Renders the berita acara to a PDF. */
export function beritaAcaraPdf(
	ba: BeritaAcara,
	opts: { locale?: DocLocale } = {}
): Promise<Buffer> {
	const w = documentWords(opts.locale ?? 'id');
	const o = { locale: w.locale };
	const facts = ba.record.meeting;
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
		bufferPages: true,
		lang: w.locale === 'en' ? 'en-GB' : 'id-ID',
		info: {
			Title: toWinAnsi(m.ba_pdf_title({ title: facts.title }, o)),
			Author: 'Rembuk',
			Subject: toWinAnsi(m.ba_heading({}, o)),
			CreationDate: ba.generatedAt
		}
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const r = new Renderer(doc, (caption) => m.ba_continued({ caption }, o));
	writeDocument(r, ba, w);
	r.pageNumbers((page, pages) =>
		[m.ba_pdf_title({ title: facts.title }, o), m.ba_page_of({ page, pages }, o)].join('  ·  ')
	);
	doc.end();
	return done;
}

function writeDocument(r: Renderer, ba: BeritaAcara, w: DocumentWords) {
	const o = { locale: w.locale };
	const { record } = ba;
	const facts = record.meeting;
	const none = m.record_none({}, o);
	const dash = (s: string | null | undefined) => (s ? s : none);

	// Title and opening
	r.title(m.ba_heading({}, o).toUpperCase());
	r.centered(`${w.kind(facts.kind)}: ${facts.title}`, { bold: true, size: SIZE.h3 });
	if (facts.kelurahan) r.centered(m.record_kelurahan_value(facts.kelurahan, o));
	r.gap(8);
	r.paragraph(
		m.ba_opening(
			{
				when: facts.startsAt ? w.wib(facts.startsAt) : m.ba_when_unknown({}, o),
				place: facts.place || m.ba_place_unknown({}, o),
				kind: w.kind(facts.kind),
				title: facts.title
			},
			o
		)
	);
	r.paragraph(m.record_generated({ when: w.wib(ba.generatedAt) }, o), { color: SOFT });

	// Meeting facts
	r.h2(m.record_facts_heading({}, o));
	r.table({
		headless: true,
		columns: [
			{ header: '', width: 0.32 },
			{ header: '', width: 0.68 }
		],
		rows: [
			[bold(m.record_kind({}, o)), w.kind(facts.kind)],
			[bold(m.record_when({}, o)), facts.startsAt ? w.wib(facts.startsAt) : none],
			[bold(m.record_place({}, o)), dash(facts.place)],
			...(facts.kelurahan
				? [[bold(m.record_kelurahan({}, o)), m.record_kelurahan_value(facts.kelurahan, o)]]
				: []),
			[
				bold(m.record_rw_scope({}, o)),
				facts.rwScope.length === 0
					? m.record_rw_scope_all({}, o)
					: facts.rwScope.map((rw) => w.rtRw(null, rw)).join(', ')
			],
			[
				bold(m.record_budget({}, o)),
				facts.budgetCeiling === null
					? m.record_budget_unknown({}, o)
					: w.rupiah(facts.budgetCeiling)
			],
			[bold(m.record_quorum({}, o)), w.quorumRule(facts.quorum)],
			[
				bold(m.record_voters({}, o)),
				facts.voters === 'verified'
					? m.votes_eligibility_verified({}, o)
					: m.votes_eligibility_joined({}, o)
			]
		]
	});
	r.h3(m.record_agenda({}, o));
	if (facts.agenda.length === 0) r.paragraph(m.record_agenda_empty({}, o));
	else r.numbered(facts.agenda);

	// Attendance figures
	const a = record.attendance;
	r.h2(m.record_attendance_heading({}, o));
	r.table({
		caption: m.record_attendance_caption({}, o),
		headless: true,
		columns: [
			{ header: '', width: 0.7 },
			{ header: '', width: 0.3, align: 'right' }
		],
		rows: [
			[m.record_attendance_total({}, o), bold(w.count(a.total))],
			[m.record_attendance_verified({}, o), w.count(a.verified)],
			[m.record_attendance_unknown_rw({}, o), w.count(a.unknownRw)],
			...(a.outsideScope > 0 ? [[m.record_attendance_outside({}, o), w.count(a.outsideScope)]] : [])
		]
	});
	if (a.byRw.length > 0) {
		r.table({
			caption: m.record_rw_caption({}, o),
			columns: [
				{ header: m.record_rw({}, o), width: 0.5 },
				{ header: m.record_count({}, o), width: 0.25, align: 'right' },
				{ header: m.record_verified_short({}, o), width: 0.25, align: 'right' }
			],
			rows: a.byRw.map((row) => [
				row.inScope
					? w.rtRw(null, row.rw)
					: `${w.rtRw(null, row.rw)} ${m.record_outside_scope({}, o)}`,
				w.count(row.count),
				w.count(row.verified)
			])
		});
	}
	r.table({
		caption: m.record_inclusion_caption({}, o),
		columns: [
			{ header: m.record_group({}, o), width: 0.4 },
			{ header: m.record_count({}, o), width: 0.15, align: 'right' },
			{ header: m.record_answered({}, o), width: 0.15, align: 'right' },
			{ header: m.record_share({}, o), width: 0.3, align: 'right' }
		],
		rows: inclusionGroups.map((g) => {
			const s = a.inclusion[g];
			const warning = a.warnings.find((x) => x.group === g);
			const share =
				s.share === null ? none : m.record_share_value({ percent: w.percent(s.share) }, o);
			return [
				w.group(g),
				w.count(s.count),
				w.count(s.answered),
				warning
					? `${share} ${m.record_inclusion_warning({ threshold: w.percent(warning.threshold) }, o)}`
					: share
			];
		})
	});
	r.note(m.record_share_hint({}, o));
	r.table({
		caption: m.record_affiliation_caption({}, o),
		columns: [
			{ header: m.record_affiliation({}, o), width: 0.7 },
			{ header: m.record_count({}, o), width: 0.3, align: 'right' }
		],
		rows: (['warga', 'lsm', 'swasta', 'pemerintah', 'tokoh', 'unknown'] as const).map((k) => [
			w.affiliation(k),
			w.count(a.affiliation[k])
		])
	});

	// Attendance list
	r.h2(m.ba_attendance_list_heading({}, o));
	if (ba.attendees.length === 0) {
		r.paragraph(m.ba_attendance_list_none({}, o));
	} else {
		r.table({
			caption: m.ba_attendance_list_caption({ count: w.count(ba.attendees.length) }, o),
			columns: [
				{ header: m.ba_col_number({}, o), width: 0.07, align: 'right' },
				{ header: m.ba_col_name({}, o), width: 0.4 },
				{ header: m.ba_col_rt_rw({}, o), width: 0.17 },
				{ header: m.ba_col_verified({}, o), width: 0.11 },
				{ header: m.ba_col_joined({}, o), width: 0.25 }
			],
			rows: ba.attendees.map((p) => [
				String(p.number),
				p.displayName,
				dash(w.rtRw(p.rt, p.rw)),
				p.verified ? m.record_yes({}, o) : m.record_no({}, o),
				w.wibShort(p.joinedAt)
			])
		});
	}
	r.note(m.ba_attendance_list_hint({}, o));

	// Final list
	r.h2(m.record_final_heading({}, o));
	const list = record.finalList;
	if (!list) {
		r.paragraph(m.record_final_none({}, o));
	} else {
		const total = list.usulan.reduce((sum, u) => sum + (u.estimatedCost ?? 0), 0);
		r.table({
			caption: m.record_final_caption({ version: list.version, when: w.wib(list.createdAt) }, o),
			columns: [
				{ header: m.record_rank({}, o), width: 0.07, align: 'right' },
				{ header: m.record_usulan({}, o), width: 0.38 },
				{ header: m.record_location({}, o), width: 0.17 },
				{ header: m.record_sector({}, o), width: 0.18 },
				{ header: m.record_cost({}, o), width: 0.2, align: 'right' }
			],
			rows: list.usulan.map((u) => [
				String(u.rank),
				u.title,
				dash([w.rtRw(u.rt, u.rw), u.locationText.trim()].filter(Boolean).join(' · ')),
				w.locale === 'en' ? u.sector.nameEn : u.sector.nameId,
				u.estimatedCost === null ? none : w.rupiah(u.estimatedCost)
			]),
			footer: [['', m.record_cost_total({}, o), '', '', w.rupiah(total)]]
		});
		if (list.skipped > 0) r.note(m.record_final_skipped({ count: list.skipped }, o));
	}

	// Votes
	r.h2(m.record_votes_heading({}, o));
	if (record.votes.length === 0) r.paragraph(m.record_votes_none({}, o));
	record.votes.forEach((v, i) => {
		r.h3(`${m.record_vote_number({ n: i + 1 }, o)}: ${v.title}`);
		if (v.status === 'open') r.paragraph(m.record_still_open({}, o), { bold: true });
		r.table({
			headless: true,
			columns: [
				{ header: '', width: 0.32 },
				{ header: '', width: 0.68 }
			],
			rows: [
				[bold(m.record_method({}, o)), w.method(v.method)],
				[bold(m.record_settings({}, o)), w.settings(v.settings)],
				[bold(m.record_subject({}, o)), w.subject(v.subject)],
				[bold(m.record_secret({}, o)), v.secret ? m.record_yes({}, o) : m.record_no({}, o)],
				[
					bold(m.record_voters({}, o)),
					v.eligibility === 'verified'
						? m.votes_eligibility_verified({}, o)
						: m.votes_eligibility_joined({}, o)
				],
				[bold(m.record_quorum({}, o)), w.quorumRule(v.quorumRule)],
				[bold(m.record_opened({}, o)), v.openedAt ? w.wib(v.openedAt) : none],
				[bold(m.record_closed({}, o)), v.closedAt ? w.wib(v.closedAt) : none],
				[
					bold(m.record_turnout({}, o)),
					m.record_turnout_value({ count: w.count(v.turnout), eligible: w.count(v.eligible) }, o)
				],
				[bold(m.record_quorum_result({}, o)), w.quorumResult(v.quorum)]
			]
		});

		const result = w.result(v.result, v.options, v.settings);
		// The verdict stays on the page of the table under it.
		if (result.verdict) r.paragraph(result.verdict, { bold: true, keep: 70 });
		if (result.lines.length > 0) {
			r.table({
				caption: m.ba_result_caption({}, o),
				columns: [
					{ header: m.ba_col_place({}, o), width: 0.12 },
					{ header: m.ba_col_option({}, o), width: 0.48 },
					{ header: m.ba_col_result({}, o), width: 0.4 }
				],
				rows: result.lines.map((line) => [
					line.place,
					line.label,
					line.detail ? `${line.value}\n${line.detail}` : line.value
				])
			});
		}
		if (v.result.method === 'ranked' && v.result.irv.rounds.length > 0) {
			const labels = new Map(v.options.map((opt) => [opt.id, opt.label]));
			const label = (id: string) => labels.get(id) ?? none;
			r.table({
				caption: m.ba_irv_rounds_caption({}, o),
				columns: [
					{ header: m.ba_col_round({}, o), width: 0.12 },
					{ header: m.ba_col_votes({}, o), width: 0.58 },
					{ header: m.ba_col_eliminated({}, o), width: 0.3 }
				],
				rows: v.result.irv.rounds.map((round) => [
					String(round.round),
					[
						round.votes.map((x) => `${label(x.optionId)} ${w.count(x.votes)}`).join(' · '),
						round.exhausted > 0 ? m.tally_irv_exhausted({ count: w.count(round.exhausted) }, o) : ''
					]
						.filter(Boolean)
						.join(' · '),
					round.eliminated === null ? none : label(round.eliminated)
				])
			});
		}

		const numbers: Column[] = [
			{ header: m.record_breakdown_phone({}, o), width: 0.13, align: 'right' },
			{ header: m.record_breakdown_hands({}, o), width: 0.15, align: 'right' },
			{ header: m.record_breakdown_paper({}, o), width: 0.13, align: 'right' },
			{ header: m.record_breakdown_total({}, o), width: 0.13, align: 'right' }
		];
		const t = v.breakdown.turnout;
		r.table({
			caption: m.record_breakdown_caption({}, o),
			columns: [{ header: m.record_breakdown_option({}, o), width: 0.46 }, ...numbers],
			rows: v.breakdown.rows.map((row) => [
				row.answer ? w.answer(row.answer) : (row.label ?? none),
				w.count(row.phone),
				w.count(row.hands),
				w.count(row.paper),
				bold(w.count(row.total))
			]),
			footer: [
				[
					m.record_breakdown_turnout({}, o),
					w.count(t.phone),
					w.count(t.hands),
					w.count(t.paper),
					w.count(t.total)
				]
			]
		});
		if (v.breakdown.rows.length === 0) r.note(m.record_breakdown_whole_ballots({}, o));
		else if (v.method === 'dots') r.note(m.record_breakdown_dots_hint({}, o));

		if (v.hybrid.length === 0) {
			r.note(m.record_hybrid_none({}, o));
		} else {
			const sources = {
				hands: m.record_breakdown_hands({}, o),
				paper: m.record_breakdown_paper({}, o)
			};
			r.table({
				caption: m.record_hybrid_caption({}, o),
				columns: [
					{ header: m.record_hybrid_count({}, o), width: 0.45 },
					{ header: m.record_note({}, o), width: 0.25 },
					{ header: m.record_entered_by({}, o), width: 0.3 }
				],
				rows: v.hybrid.map((h) => [
					[
						`${sources[h.source]}: ${m.record_hybrid_people({ count: w.count(h.voters) }, o)}`,
						...h.counts.map(
							(c) => `${c.answer ? w.answer(c.answer) : (c.label ?? none)}: ${w.count(c.count)}`
						)
					].join('\n'),
					dash(h.note),
					`${h.enteredBy ?? m.record_unknown_account({}, o)}\n${w.wibShort(h.enteredAt)}`
				])
			});
		}
	});

	// Decisions
	r.h2(m.record_decisions_heading({}, o));
	if (record.decisions.length === 0) {
		r.paragraph(m.record_decisions_none({}, o));
	} else {
		const subjectOf = new Map(record.votes.map((v) => [v.id, v.subject]));
		r.table({
			caption: m.record_decisions_caption({}, o),
			columns: [
				{ header: m.record_decision_subject({}, o), width: 0.42 },
				{ header: m.record_decision_outcome({}, o), width: 0.3 },
				{ header: m.record_decided_by({}, o), width: 0.28 }
			],
			rows: record.decisions.map((d) => [
				[
					d.optionId === null ? m.record_decision_motion({}, o) : dash(d.label),
					d.usulan
						? m.record_decision_usulan_rank({ rank: d.usulan.rank, version: d.usulan.version }, o)
						: '',
					m.record_decision_in_vote({ title: d.voteTitle }, o)
				]
					.filter(Boolean)
					.join('\n'),
				[
					w.outcome(d.outcome, subjectOf.get(d.voteId)),
					d.rank !== null ? m.record_decision_rank_value({ rank: d.rank }, o) : '',
					d.note
				]
					.filter(Boolean)
					.join('\n'),
				`${d.decidedBy ?? m.record_unknown_account({}, o)}\n${w.wibShort(d.decidedAt)}`
			])
		});
	}

	// Delegates
	r.h2(m.ba_delegates_heading({}, o));
	if (ba.delegates.length === 0) {
		r.paragraph(m.ba_delegates_none({}, o));
	} else {
		r.table({
			caption: m.ba_delegates_caption({}, o),
			columns: [
				{ header: m.ba_col_number({}, o), width: 0.07, align: 'right' },
				{ header: m.ba_col_name({}, o), width: 0.35 },
				{ header: m.ba_col_rt_rw({}, o), width: 0.18 },
				{ header: m.ba_col_vote({}, o), width: 0.4 }
			],
			rows: ba.delegates.map((d, i) => [
				String(i + 1),
				d.rank !== null
					? `${d.name}\n${m.record_decision_rank_value({ rank: d.rank }, o)}`
					: d.name,
				dash(w.rtRw(d.rt, d.rw)),
				[d.voteTitle, d.note].filter(Boolean).join('\n')
			])
		});
	}

	// Audit chain head
	r.h2(m.ba_audit_heading({}, o));
	if (ba.chainHead.id === 0) {
		r.paragraph(m.ba_audit_empty({}, o));
	} else {
		r.paragraph(m.ba_audit_text({ id: ba.chainHead.id }, o));
		r.table({
			headless: true,
			columns: [
				{ header: '', width: 0.22 },
				{ header: '', width: 0.78 }
			],
			rows: [
				[bold(m.ba_audit_entry({}, o)), String(ba.chainHead.id)],
				...(ba.chainHead.at ? [[bold(m.ba_audit_time({}, o)), w.wib(ba.chainHead.at)]] : []),
				[bold(m.ba_audit_hash({}, o)), { text: ba.chainHead.hash, mono: true }]
			]
		});
	}

	// Signatures
	r.h2(m.ba_signatures_heading({}, o), 200);
	r.paragraph(m.ba_signatures_intro({}, o));
	const signedAt = w.dateLong(facts.startsAt ?? ba.generatedAt);
	const signedIn = facts.kelurahan?.name || facts.place;
	r.paragraph(
		signedIn ? m.ba_signatures_place_date({ place: signedIn, date: signedAt }, o) : signedAt,
		{ align: 'right' }
	);
	r.gap(6);
	r.signatures([
		{ role: m.ba_sign_chair({}, o), name: ba.signatures.chair },
		{ role: m.ba_sign_secretary({}, o), name: ba.signatures.secretary }
	]);
	if (ba.signatures.delegates.length > 0) {
		r.h3(m.ba_sign_delegates({}, o), 120);
		r.signatures(
			ba.signatures.delegates.map((name, i) => ({
				role: m.ba_sign_delegate({ n: i + 1 }, o),
				name
			}))
		);
	}
}

const bold = (text: string): Cell => ({ text, bold: true });

/** Drawing on the pdfkit document, in flowing order with manual page breaks for tables. */
class Renderer {
	readonly left: number;
	readonly width: number;

	constructor(
		private readonly doc: PDFKit.PDFDocument,
		/** A table's caption on the pages it continues on. */
		private readonly continued: (caption: string) => string
	) {
		this.left = doc.page.margins.left;
		this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
		doc.fillColor(INK).font(FONT).fontSize(SIZE.body);
	}

	private get bottom() {
		return this.doc.page.height - this.doc.page.margins.bottom;
	}

	/** Starts a new page unless `height` more points fit on this one. */
	private ensure(height: number) {
		if (this.doc.y + height > this.bottom) this.doc.addPage();
	}

	gap(points: number) {
		this.doc.y += points;
	}

	title(text: string) {
		this.doc
			.font(BOLD)
			.fontSize(SIZE.title)
			.fillColor(INK)
			.text(toWinAnsi(text), this.left, this.doc.y, { width: this.width, align: 'center' });
		this.gap(4);
	}

	centered(text: string, opts: { bold?: boolean; size?: number } = {}) {
		this.doc
			.font(opts.bold ? BOLD : FONT)
			.fontSize(opts.size ?? SIZE.body)
			.fillColor(INK)
			.text(toWinAnsi(text), this.left, this.doc.y, { width: this.width, align: 'center' });
	}

	/** A section heading with a rule under it, kept with at least `keep` points of what follows. */
	h2(text: string, keep = 80) {
		this.doc.font(BOLD).fontSize(SIZE.h2);
		const h = this.doc.heightOfString(toWinAnsi(text), { width: this.width });
		this.gap(10);
		this.ensure(h + 6 + keep);
		this.doc.fillColor(INK).text(toWinAnsi(text), this.left, this.doc.y, { width: this.width });
		const y = this.doc.y + 1;
		this.doc
			.moveTo(this.left, y)
			.lineTo(this.left + this.width, y)
			.lineWidth(1)
			.strokeColor(LINE)
			.stroke();
		this.doc.y = y + 5;
	}

	h3(text: string, keep = 60) {
		this.doc.font(BOLD).fontSize(SIZE.h3);
		const h = this.doc.heightOfString(toWinAnsi(text), { width: this.width });
		this.gap(6);
		this.ensure(h + keep);
		this.doc.fillColor(INK).text(toWinAnsi(text), this.left, this.doc.y, { width: this.width });
		this.gap(3);
	}

	/** Flowing text; `keep` more points must fit under its first lines, or it starts a new page. */
	paragraph(
		text: string,
		opts: { bold?: boolean; color?: string; align?: Align; keep?: number } = {}
	) {
		this.doc.font(opts.bold ? BOLD : FONT).fontSize(SIZE.body);
		this.ensure(this.doc.currentLineHeight(true) * 2 + (opts.keep ?? 0));
		this.doc.fillColor(opts.color ?? INK).text(toWinAnsi(text), this.left, this.doc.y, {
			width: this.width,
			align: opts.align ?? 'left',
			lineGap: 1.5
		});
		this.doc.fillColor(INK);
		this.gap(4);
	}

	note(text: string) {
		this.doc.font(FONT).fontSize(SIZE.small);
		this.ensure(this.doc.currentLineHeight(true) * 2);
		this.doc
			.fillColor(SOFT)
			.text(toWinAnsi(text), this.left, this.doc.y, { width: this.width, lineGap: 1 });
		this.doc.fillColor(INK);
		this.gap(4);
	}

	numbered(items: string[]) {
		this.doc.font(FONT).fontSize(SIZE.body).fillColor(INK);
		items.forEach((item, i) => {
			const text = toWinAnsi(item);
			const h = this.doc.heightOfString(text, { width: this.width - 18 });
			this.ensure(h);
			const y = this.doc.y;
			this.doc.text(`${i + 1}.`, this.left, y, { width: 14, align: 'right' });
			this.doc.text(text, this.left + 18, y, { width: this.width - 18 });
		});
		this.gap(4);
	}

	private cellText(cell: Cell) {
		return typeof cell === 'string' ? { text: cell } : cell;
	}

	private setCellFont(cell: { bold?: boolean; mono?: boolean }, forceBold = false) {
		this.doc.font(cell.mono ? MONO : cell.bold || forceBold ? BOLD : FONT).fontSize(SIZE.table);
	}

	private rowHeight(cells: Cell[], widths: number[], forceBold = false) {
		let h = 0;
		cells.forEach((cell, i) => {
			const c = this.cellText(cell);
			this.setCellFont(c, forceBold);
			const text = toWinAnsi(c.text) || ' ';
			h = Math.max(h, this.doc.heightOfString(text, { width: widths[i] - 2 * CELL_PAD }));
		});
		return h + 2 * CELL_PAD;
	}

	private drawRow(
		cells: Cell[],
		columns: Column[],
		widths: number[],
		y: number,
		height: number,
		style: { header?: boolean; footer?: boolean } = {}
	) {
		const doc = this.doc;
		if (style.header) doc.rect(this.left, y, this.width, height).fill(HEAD_BG);
		let x = this.left;
		cells.forEach((cell, i) => {
			const c = this.cellText(cell);
			this.setCellFont(c, style.header || style.footer);
			doc.fillColor(c.color ?? INK).text(toWinAnsi(c.text), x + CELL_PAD, y + CELL_PAD, {
				width: widths[i] - 2 * CELL_PAD,
				align: columns[i].align ?? 'left',
				lineBreak: true
			});
			x += widths[i];
		});
		const lineY = y + height;
		doc
			.moveTo(this.left, lineY)
			.lineTo(this.left + this.width, lineY)
			.lineWidth(style.header || style.footer ? 0.9 : 0.4)
			.strokeColor(LINE)
			.stroke();
		if (style.footer) {
			doc
				.moveTo(this.left, y)
				.lineTo(this.left + this.width, y)
				.lineWidth(0.9)
				.strokeColor(LINE)
				.stroke();
		}
		doc.fillColor(INK);
	}

	private caption(text: string) {
		this.doc
			.font(BOLD)
			.fontSize(SIZE.table + 0.5)
			.fillColor(INK)
			.text(toWinAnsi(text), this.left, this.doc.y, { width: this.width });
		this.gap(2);
	}

	/**
	 * A table over the full text width. A row never splits; when the next one does not fit, the
	 * table goes on at the top of a new page under its caption "(lanjutan)" and its header again.
	 */
	table(spec: TableSpec) {
		const doc = this.doc;
		const widths = spec.columns.map((c) => c.width * this.width);
		const header = spec.columns.map((c) => c.header);
		const headerHeight = spec.headless ? 0 : this.rowHeight(header, widths, true);
		doc.font(BOLD).fontSize(SIZE.table + 0.5);
		const captionHeight = spec.caption
			? doc.heightOfString(toWinAnsi(spec.caption), { width: this.width }) + 2
			: 0;
		const all = [
			...spec.rows.map((cells) => ({ cells, footer: false })),
			...(spec.footer ?? []).map((cells) => ({ cells, footer: true }))
		].map((row) => ({ ...row, height: this.rowHeight(row.cells, widths, row.footer) }));

		const start = (continued: boolean) => {
			if (spec.caption) {
				this.caption(continued ? this.continued(spec.caption) : spec.caption);
			}
			if (!spec.headless) {
				const y = doc.y;
				this.drawRow(header, spec.columns, widths, y, headerHeight, { header: true });
				doc.y = y + headerHeight;
			}
		};
		// A short table stays in one piece; a long one keeps its caption and header with a row.
		const whole = captionHeight + headerHeight + all.reduce((sum, row) => sum + row.height, 0);
		this.ensure(whole <= KEEP_WHOLE ? whole : captionHeight + headerHeight + (all[0]?.height ?? 0));
		start(false);
		for (const row of all) {
			if (doc.y + row.height > this.bottom) {
				doc.addPage();
				start(true);
			}
			const y = doc.y;
			this.drawRow(row.cells, spec.columns, widths, y, row.height, { footer: row.footer });
			doc.y = y + row.height;
		}
		doc.x = this.left;
		this.gap(8);
	}

	/** Signature boxes, two side by side: the role, room to sign, and the name or a blank line. */
	signatures(people: { role: string; name: string | null }[]) {
		const doc = this.doc;
		const colWidth = this.width / 2;
		const boxHeight = 92;
		for (let i = 0; i < people.length; i += 2) {
			this.ensure(boxHeight);
			const y = doc.y;
			people.slice(i, i + 2).forEach((p, j) => {
				const x = this.left + j * colWidth;
				const inner = colWidth - 24;
				doc
					.font(FONT)
					.fontSize(SIZE.body)
					.fillColor(INK)
					.text(toWinAnsi(p.role), x + 12, y, { width: inner, align: 'center' });
				const lineY = y + 62;
				if (p.name) {
					doc
						.font(BOLD)
						.fontSize(SIZE.body)
						.text(toWinAnsi(p.name), x + 12, lineY - 12, { width: inner, align: 'center' });
				}
				// A dotted line to write a name on by hand; a solid one under a printed name.
				doc
					.moveTo(x + 24, lineY)
					.lineTo(x + colWidth - 24, lineY)
					.lineWidth(0.6)
					.strokeColor(INK);
				if (!p.name) doc.dash(1.5, { space: 2 });
				doc.stroke().undash();
			});
			doc.y = y + boxHeight;
		}
		doc.x = this.left;
	}

	/** Writes the footer line on every page, once the page count is known. */
	pageNumbers(text: (page: number, pages: number) => string) {
		const doc = this.doc;
		const range = doc.bufferedPageRange();
		for (let i = 0; i < range.count; i++) {
			doc.switchToPage(range.start + i);
			const bottomMargin = doc.page.margins.bottom;
			// Writing inside the bottom margin must not start another page.
			doc.page.margins.bottom = 0;
			doc
				.font(FONT)
				.fontSize(SIZE.small)
				.fillColor(SOFT)
				.text(toWinAnsi(text(i + 1, range.count)), this.left, doc.page.height - MARGIN - 2, {
					width: this.width,
					align: 'center',
					lineBreak: false
				});
			doc.page.margins.bottom = bottomMargin;
		}
		doc.fillColor(INK);
	}
}
