/**
 * How the board writes numbers and places for people in the hall: Indonesian grouping
 * (`Rp 150.000.000`, `1,5`), the same on every screen whatever the browser's locale.
 */

function groupThousands(digits: string): string {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Whole Rupiah as `Rp 150.000.000`; an empty string for null (no estimate yet). */
export function formatRupiah(amount: number | null): string {
	if (amount === null || !Number.isFinite(amount)) return '';
	const sign = amount < 0 ? '-' : '';
	return `${sign}Rp ${groupThousands(String(Math.trunc(Math.abs(amount))))}`;
}

/** A quantity with Indonesian separators: `1.200`, `1,5`, `0,25` (at most three decimals). */
export function formatQuantity(value: number | null): string {
	if (value === null || !Number.isFinite(value)) return '';
	const [whole, fraction] = String(Math.round(Math.abs(value) * 1000) / 1000).split('.');
	const sign = value < 0 ? '-' : '';
	return sign + groupThousands(whole) + (fraction ? `,${fraction}` : '');
}

/** `RT 03 / RW 01` (RT and RW numbers are written with two digits at least). */
export function formatRtRw(rt: number | null | undefined, rw: number | null | undefined): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const parts: string[] = [];
	if (rt !== null && rt !== undefined) parts.push(`RT ${pad(rt)}`);
	if (rw !== null && rw !== undefined) parts.push(`RW ${pad(rw)}`);
	return parts.join(' / ');
}

/** Where an usulan is: RT/RW and the free-text place, whichever are known, joined by ` · `. */
export function formatLocation(item: {
	rt: number | null;
	rw: number | null;
	locationText: string;
}): string {
	return [formatRtRw(item.rt, item.rw), item.locationText.trim()].filter(Boolean).join(' · ');
}
