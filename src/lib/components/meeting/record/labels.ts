/**
 * The record's codes in words: quorum rules, what a vote was on, a vote's settings, times in
 * WIB. Shared by the record page and the berita acara page, so both say the same things the
 * same way (the PDF has its locale-pinned twin in src/lib/server/meetings/berita-acara-text.ts).
 */
import { formatQuantity, formatRtRw, formatRupiah } from '$lib/components/board/format';
import { thresholdLabel } from '$lib/components/voting/staff/labels';
import type { QuorumRule } from '$lib/domain/quorum';
import type { VoteSettings, YesNoAnswer } from '$lib/domain/votes';
import { formatMeetingTime, formatPercent } from '$lib/i18n/meeting';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export const count = (n: number) => formatQuantity(n);

/** Text, or a dash when there is none. */
export const dash = (text: string | null | undefined) => (text ? text : m.record_none());

/** A moment at the kelurahan, with its zone: "Sabtu, 16 Januari 2027 pukul 09.00 WIB". */
export const wib = (date: Date | string) => m.record_time_wib({ time: formatMeetingTime(date) });

/** The same, short, for table cells: "29 Nov 2026, 09.17 WIB". */
export function wibShort(date: Date | string): string {
	const time = new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'id-ID', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Asia/Jakarta'
	}).format(new Date(date));
	return m.record_time_wib({ time });
}

/** `RT 06 / RW 07`, breaking only after the slash on a phone. */
export const rtRwUnbroken = (rt: number | null, rw: number | null) =>
	formatRtRw(rt, rw).replace(/(RT|RW) /g, '$1\u00a0');

const answers = { yes: m.tally_yes, no: m.tally_no, abstain: m.tally_abstain };

/** A line of a vote's breakdown or of a hand / paper count: the answer, or the option's label. */
export const countLineLabel = (line: { answer: YesNoAnswer | null; label: string | null }) =>
	line.answer ? answers[line.answer]() : (line.label ?? m.record_none());

const sources = { hands: m.record_breakdown_hands, paper: m.record_breakdown_paper };
export const countSourceLabel = (s: keyof typeof sources) => sources[s]();

export function quorumRuleText(rule: QuorumRule): string {
	switch (rule.kind) {
		case 'none':
			return m.record_quorum_none();
		case 'count':
			return m.record_quorum_count({ min: count(rule.min) });
		case 'share':
			return m.record_quorum_share({ percent: formatPercent(rule.share) });
	}
}

const subjects = {
	usulan: m.record_subject_usulan,
	candidates: m.record_subject_candidates,
	options: m.record_subject_options
};
export const subjectLabel = (s: keyof typeof subjects) => subjects[s]();

const criterionNames: Record<string, () => string> = {
	urgency: m.tally_criterion_urgency,
	beneficiaries: m.tally_criterion_beneficiaries,
	priority_fit: m.tally_criterion_priority_fit,
	community_contribution: m.tally_criterion_community_contribution
};

/** A vote's settings as one sentence for people. */
export function settingsText(s: VoteSettings): string {
	switch (s.method) {
		case 'yes_no':
			return thresholdLabel(s.threshold);
		case 'approval':
			return m.record_settings_approval({ count: count(s.maxChoices) });
		case 'dots':
			return m.record_settings_dots({ dots: count(s.dots), max: count(s.maxPerOption) });
		case 'score':
			return m.record_settings_score({ min: s.min, max: s.max });
		case 'criteria':
			return m.record_settings_criteria({
				min: s.min,
				max: s.max,
				criteria: s.criteria
					.map((c) =>
						m.record_settings_criterion({
							name: c.label ?? criterionNames[c.id]?.() ?? c.id,
							weight: c.weight
						})
					)
					.join(', ')
			});
		case 'ranked':
			return s.fullRanking ? m.record_settings_ranked_full() : m.record_settings_ranked_partial();
		case 'budget':
			return m.record_settings_budget({ ceiling: formatRupiah(s.ceiling) });
	}
}
