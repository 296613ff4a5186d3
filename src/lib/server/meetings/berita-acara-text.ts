/**
 * The words of the berita acara PDF, in one fixed language (Bahasa Indonesia: it is an official
 * document, whatever language the staff member reads the site in).
 *
 * They are the same messages the record page and the print page use (`record_*`, `tally_*`,
 * `votes_*`, `ba_*`), asked for in the document's locale instead of the request's. The page's
 * helpers (src/lib/components/meeting/record/labels.ts) follow the request's language and live behind `$lib`
 * imports, which server code does not use; this is their locale-pinned twin for the PDF.
 */
import { formatQuantity, formatRupiah, formatRtRw } from '../../components/board/format.ts';
import type { Affiliation, InclusionGroup } from '../../domain/attendance.ts';
import type { MeetingKind } from '../../domain/meeting-input.ts';
import type { QuorumRule, QuorumStatus } from '../../domain/quorum.ts';
import type { YesNoAnswer } from '../../domain/votes/ballot.ts';
import type { Standing } from '../../domain/votes/counts.ts';
import type { VoteMethod, VoteSettings, YesNoThreshold } from '../../domain/votes/methods.ts';
import type { TallyResult } from '../../domain/votes/tally.ts';
import { m } from '../../paraglide/messages.js';
import type { Decision, Vote } from '../db/schema/index.ts';

export type DocLocale = 'id' | 'en';

/** One line of a result table: place, option, and the result in words. */
export type ResultLine = { place: string; label: string; value: string; detail?: string };

export function documentWords(locale: DocLocale = 'id') {
	const o = { locale };
	const count = (n: number) => formatQuantity(n);
	const percent = (share: number) => String(Math.round(share * 100));
	const intl = locale === 'en' ? 'en-GB' : 'id-ID';

	/** "Sabtu, 16 Januari 2027 pukul 09.00 WIB". */
	const wib = (date: Date) =>
		m.record_time_wib(
			{
				time: new Intl.DateTimeFormat(intl, {
					dateStyle: 'full',
					timeStyle: 'short',
					timeZone: 'Asia/Jakarta'
				}).format(date)
			},
			o
		);
	/** "29 Nov 2026, 09.17 WIB". */
	const wibShort = (date: Date) =>
		m.record_time_wib(
			{
				time: new Intl.DateTimeFormat(intl, {
					dateStyle: 'medium',
					timeStyle: 'short',
					timeZone: 'Asia/Jakarta'
				}).format(date)
			},
			o
		);
	/** "16 Januari 2027", for the place-and-date line above the signatures. */
	const dateLong = (date: Date) =>
		new Intl.DateTimeFormat(intl, { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(date);

	const kinds: Record<MeetingKind, () => string> = {
		musrenbang_kelurahan: () => m.meeting_kind_musrenbang_kelurahan({}, o),
		rembuk_rw: () => m.meeting_kind_rembuk_rw({}, o),
		forum_tematik: () => m.meeting_kind_forum_tematik({}, o),
		lainnya: () => m.meeting_kind_lainnya({}, o)
	};
	const groups: Record<InclusionGroup, () => string> = {
		women: () => m.attendance_women({}, o),
		youth: () => m.attendance_youth({}, o),
		elderly: () => m.attendance_elderly({}, o),
		disability: () => m.attendance_disability({}, o)
	};
	const affiliations: Record<Affiliation | 'unknown', () => string> = {
		warga: () => m.attendance_affiliation_warga({}, o),
		lsm: () => m.attendance_affiliation_lsm({}, o),
		swasta: () => m.attendance_affiliation_swasta({}, o),
		pemerintah: () => m.attendance_affiliation_pemerintah({}, o),
		tokoh: () => m.attendance_affiliation_tokoh({}, o),
		unknown: () => m.attendance_affiliation_unknown({}, o)
	};
	const methods: Record<VoteMethod, () => string> = {
		yes_no: () => m.votes_method_yes_no({}, o),
		approval: () => m.votes_method_approval({}, o),
		dots: () => m.votes_method_dots({}, o),
		score: () => m.votes_method_score({}, o),
		criteria: () => m.votes_method_criteria({}, o),
		ranked: () => m.votes_method_ranked({}, o),
		budget: () => m.votes_method_budget({}, o)
	};
	const thresholds: Record<YesNoThreshold, () => string> = {
		majority: () => m.votes_threshold_majority({}, o),
		two_thirds: () => m.votes_threshold_two_thirds({}, o),
		consensus: () => m.votes_threshold_consensus({}, o)
	};
	const thresholdRules: Record<YesNoThreshold, () => string> = {
		majority: () => m.tally_rule_majority({}, o),
		two_thirds: () => m.tally_rule_two_thirds({}, o),
		consensus: () => m.tally_rule_consensus({}, o)
	};
	const outcomes: Record<Decision['outcome'], () => string> = {
		agreed: () => m.votes_outcome_agreed({}, o),
		rejected: () => m.votes_outcome_rejected({}, o),
		deferred: () => m.votes_outcome_deferred({}, o),
		elected: () => m.votes_outcome_elected({}, o)
	};
	const subjects: Record<Vote['subject'], () => string> = {
		usulan: () => m.record_subject_usulan({}, o),
		candidates: () => m.record_subject_candidates({}, o),
		options: () => m.record_subject_options({}, o)
	};
	const answers: Record<YesNoAnswer, () => string> = {
		yes: () => m.tally_yes({}, o),
		no: () => m.tally_no({}, o),
		abstain: () => m.tally_abstain({}, o)
	};
	const criterionNames: Record<string, () => string> = {
		urgency: () => m.tally_criterion_urgency({}, o),
		beneficiaries: () => m.tally_criterion_beneficiaries({}, o),
		priority_fit: () => m.tally_criterion_priority_fit({}, o),
		community_contribution: () => m.tally_criterion_community_contribution({}, o)
	};
	const criterionName = (settings: VoteSettings, id: string) => {
		const own = settings.method === 'criteria' ? settings.criteria.find((c) => c.id === id) : null;
		return own?.label ?? criterionNames[id]?.() ?? id;
	};
	/** One decimal, Indonesian style (3,4), as the tally bars show it. */
	const dec = (value: number | null) =>
		value === null ? m.record_none({}, o) : formatQuantity(Math.round(value * 10) / 10);
	const place = (s: Standing) =>
		s.tied ? m.tally_place_tied({ place: s.place }, o) : m.tally_place({ place: s.place }, o);

	function quorumRule(rule: QuorumRule): string {
		switch (rule.kind) {
			case 'none':
				return m.record_quorum_none({}, o);
			case 'count':
				return m.record_quorum_count({ min: count(rule.min) }, o);
			case 'share':
				return m.record_quorum_share({ percent: percent(rule.share) }, o);
		}
	}

	function quorumResult(q: QuorumStatus): string {
		if (q.required === 0) return m.record_quorum_not_needed({}, o);
		const values = { have: count(q.have), required: count(q.required) };
		return q.met ? m.record_quorum_met(values, o) : m.record_quorum_not_met(values, o);
	}

	function settings(s: VoteSettings): string {
		switch (s.method) {
			case 'yes_no':
				return thresholds[s.threshold]();
			case 'approval':
				return m.record_settings_approval({ count: count(s.maxChoices) }, o);
			case 'dots':
				return m.record_settings_dots({ dots: count(s.dots), max: count(s.maxPerOption) }, o);
			case 'score':
				return m.record_settings_score({ min: s.min, max: s.max }, o);
			case 'criteria':
				return m.record_settings_criteria(
					{
						min: s.min,
						max: s.max,
						criteria: s.criteria
							.map((c) =>
								m.record_settings_criterion({ name: criterionName(s, c.id), weight: c.weight }, o)
							)
							.join(', ')
					},
					o
				);
			case 'ranked':
				return s.fullRanking
					? m.record_settings_ranked_full({}, o)
					: m.record_settings_ranked_partial({}, o);
			case 'budget':
				return m.record_settings_budget({ ceiling: formatRupiah(s.ceiling) }, o);
		}
	}

	/**
	 * A vote's result as lines in standings order, the way the tally bars say it (without the
	 * bars). A yes / no vote has no standings: its verdict is `verdict` and the answers are in the
	 * breakdown table.
	 */
	function result(
		r: TallyResult,
		options: readonly { id: string; label: string }[],
		s: VoteSettings
	): { verdict: string | null; lines: ResultLine[] } {
		const labels = new Map(options.map((opt) => [opt.id, opt.label]));
		const label = (id: string) => labels.get(id) ?? m.record_none({}, o);
		const inOrder = <T extends { optionId: string }>(
			rows: readonly T[],
			st: readonly Standing[]
		) => {
			const byId = new Map(rows.map((row) => [row.optionId, row]));
			return st.flatMap((standing) => {
				const row = byId.get(standing.optionId);
				return row ? [{ standing, row }] : [];
			});
		};
		const scaleMax = s.method === 'score' || s.method === 'criteria' ? s.max : 5;
		switch (r.method) {
			case 'yes_no':
				return {
					verdict: m.ba_result_passed(
						{
							verdict: r.passed ? m.tally_passed({}, o) : m.tally_rejected({}, o),
							rule: thresholdRules[r.threshold]()
						},
						o
					),
					lines: []
				};
			case 'approval':
			case 'dots':
				return {
					verdict: null,
					lines: inOrder(r.options, r.standings).map(({ standing, row }) => ({
						place: place(standing),
						label: label(row.optionId),
						value:
							r.method === 'dots'
								? m.tally_dots({ count: count(row.total) }, o)
								: m.tally_approvals({ count: count(row.total) }, o)
					}))
				};
			case 'score':
				return {
					verdict: null,
					lines: inOrder(r.options, r.standings).map(({ standing, row }) => ({
						place: place(standing),
						label: label(row.optionId),
						value: `${m.tally_mean({ mean: dec(row.mean), max: scaleMax }, o)} ${m.tally_ballots({ count: count(row.ballots) }, o)}`
					}))
				};
			case 'criteria':
				return {
					verdict: null,
					lines: inOrder(r.options, r.standings).map(({ standing, row }) => ({
						place: place(standing),
						label: label(row.optionId),
						value: `${m.tally_mean({ mean: dec(row.weightedMean), max: scaleMax }, o)} ${m.tally_ballots({ count: count(row.ballots) }, o)}`,
						detail: row.criteria
							.map((c) =>
								m.tally_criterion_line(
									{ name: criterionName(s, c.criterionId), weight: c.weight, mean: dec(c.mean) },
									o
								)
							)
							.join(' · ')
					}))
				};
			case 'ranked':
				return {
					verdict:
						r.irv.winner === null
							? m.tally_irv_no_winner({}, o)
							: m.tally_irv_winner({ name: label(r.irv.winner) }, o),
					lines: inOrder(r.borda.points, r.borda.standings).map(({ standing, row }) => ({
						place: place(standing),
						label: label(row.optionId),
						value: m.tally_points({ count: count(row.points) }, o)
					}))
				};
			case 'budget':
				return {
					verdict: m.tally_budget_summary(
						{
							used: formatRupiah(r.selectedCost),
							ceiling: formatRupiah(r.ceiling),
							left: formatRupiah(r.remaining)
						},
						o
					),
					lines: inOrder(r.options, r.standings).map(({ standing, row }) => ({
						place: place(standing),
						label: label(row.optionId),
						value: `${m.tally_supporters({ count: count(row.total) }, o)} · ${formatRupiah(row.cost)}`,
						detail:
							row.status === 'selected'
								? m.tally_budget_selected({}, o)
								: row.status === 'does_not_fit'
									? m.tally_budget_does_not_fit({}, o)
									: m.tally_budget_no_support({}, o)
					}))
				};
		}
	}

	return {
		locale,
		count,
		percent,
		wib,
		wibShort,
		dateLong,
		rtRw: (rt: number | null, rw: number | null) => formatRtRw(rt, rw),
		rupiah: (n: number) => formatRupiah(n),
		kind: (k: MeetingKind) => kinds[k](),
		group: (g: InclusionGroup) => groups[g](),
		affiliation: (a: Affiliation | 'unknown') => affiliations[a](),
		method: (v: VoteMethod) => methods[v](),
		/** In a delegate election `rejected` reads *Tidak terpilih*. */
		outcome: (out: Decision['outcome'], subject?: Vote['subject']) =>
			subject === 'candidates' && out === 'rejected'
				? m.votes_outcome_not_elected({}, o)
				: outcomes[out](),
		subject: (s: Vote['subject']) => subjects[s](),
		answer: (a: YesNoAnswer) => answers[a](),
		quorumRule,
		quorumResult,
		settings,
		result
	};
}

export type DocumentWords = ReturnType<typeof documentWords>;
