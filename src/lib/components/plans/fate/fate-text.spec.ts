import { describe, expect, it } from 'vitest';
import { fateText, formatDay, planName, standingText, type FateItem } from './fate-text.ts';

const item = (over: Partial<FateItem> = {}): FateItem => ({
	year: 2027,
	status: 'planned',
	carriedOver: false,
	carryOverReason: null,
	cancelReason: null,
	percent: null,
	reportedOn: null,
	...over
});

describe('fateText', () => {
	it('gives the progress of the item that reported last, or none before a report', () => {
		const items = [
			item({ status: 'in_progress', percent: 20, reportedOn: '2027-03-01' }),
			item({ status: 'in_progress', percent: 12.5, reportedOn: '2027-04-01' })
		];
		expect(fateText({ fate: 'in_progress', planItems: items })).toBe('Sedang dikerjakan 12,5 %');
		expect(fateText({ fate: 'in_progress', planItems: [item({ status: 'in_progress' })] })).toBe(
			'Sedang dikerjakan'
		);
	});

	it('names the plan year, and the reason of a carried-over or cancelled item', () => {
		expect(fateText({ fate: 'planned', planItems: [item({ year: 2028 })] })).toBe('Masuk RKP 2028');
		const carried = item({ carriedOver: true, carryOverReason: ' Pagu habis ' });
		expect(fateText({ fate: 'carried_over', planItems: [carried] })).toBe(
			'Dibawa ke tahun berikutnya: Pagu habis'
		);
		const cancelled = item({ status: 'cancelled', cancelReason: 'Lahan tidak tersedia' });
		expect(fateText({ fate: 'cancelled', planItems: [cancelled] })).toBe(
			'Dibatalkan: Lahan tidak tersedia'
		);
		// a reason that was never typed leaves the plain words, not a dangling colon
		expect(fateText({ fate: 'cancelled', planItems: [item({ status: 'cancelled' })] })).toBe(
			'Dibatalkan'
		);
	});

	it('says what the meeting decided when no plan took the usulan up', () => {
		expect(fateText({ fate: 'agreed', planItems: [] })).toBe('Disepakati, belum masuk rencana');
		expect(fateText({ fate: 'rejected', planItems: [] })).toBe('Ditolak');
		expect(fateText({ fate: 'deferred', planItems: [] })).toBe('Ditunda');
		expect(fateText({ fate: 'undecided', planItems: [] })).toBe('Belum diputuskan');
	});
});

describe('standingText, planName and formatDay', () => {
	it('writes a standing with its place, value and turnout; a missing one as voted on', () => {
		expect(standingText({ place: 2, value: 1200, unit: 'votes', turnout: 1500 })).toBe(
			'urutan ke-2 · 1.200 suara · 1.500 orang memilih'
		);
		expect(standingText({ place: null, value: 4.26, unit: 'mean', turnout: 9 })).toBe(
			'nilai rata-rata 4,3 · 9 orang memilih'
		);
		expect(standingText(null)).toBe('ikut dipilih');
	});

	it('adds the year to a plan title only when the title lacks it', () => {
		expect(planName({ planTitle: 'RKP Kelurahan 2027', year: 2027 })).toBe('RKP Kelurahan 2027');
		expect(planName({ planTitle: 'Rencana kerja', year: 2027 })).toBe('Rencana kerja (tahun 2027)');
	});

	it('reads a calendar date the same in every time zone', () => {
		expect(formatDay('2027-04-01')).toBe('1 April 2027');
		expect(formatDay('bukan tanggal')).toBe('bukan tanggal');
	});
});
