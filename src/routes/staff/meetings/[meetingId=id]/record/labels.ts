/**
 * The record's codes in words: quorum rules, what a vote was on, and a vote's settings. Kept
 * apart from the page so the berita acara (issue 6) can say the same things the same way.
 */
import { formatQuantity, formatRupiah } from '$lib/components/board/format';
import type { QuorumRule } from '$lib/domain/quorum';
import type { VoteSettings } from '$lib/domain/votes';
import { formatMeetingTime, formatPercent } from '$lib/i18n/meeting';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { thresholdLabel } from '../votes/labels';

export const count = (n: number) => formatQuantity(n);

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
