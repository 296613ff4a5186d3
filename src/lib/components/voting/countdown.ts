/**
 * The vote timer as a phone shows it. `closesAt` comes from the server's clock; cheap phones'
 * clocks can be minutes off, so the panel estimates the difference from a response's `Date`
 * header and counts down on server time.
 */

/** Whole seconds left until `closesAt` (never below 0), or null when the vote has no timer. */
export function secondsUntil(closesAt: number | null, serverNow: number): number | null {
	if (closesAt === null) return null;
	return Math.max(0, Math.ceil((closesAt - serverNow) / 1000));
}

/** `0:09`, `2:05`, `1:02:03`: how a kitchen timer shows it, readable at a glance. */
export function formatCountdown(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const min = Math.floor((s % 3600) / 60);
	const sec = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(min).padStart(2, '0')}:${sec}` : `${min}:${sec}`;
}

/** Below this the header's one-second resolution and the network delay are all we would see. */
const MIN_OFFSET_MS = 3000;

/**
 * How far the server's clock is ahead of this phone's (ms; negative when behind), from the `Date`
 * header of a response received at `receivedAt` (local ms). 0 when the header is missing or
 * unreadable, or the difference is too small to tell from the header's rounding.
 */
export function clockOffset(dateHeader: string | null, receivedAt: number): number {
	if (!dateHeader) return 0;
	const server = Date.parse(dateHeader);
	if (Number.isNaN(server)) return 0;
	// The header is truncated to the second: its true time is on average half a second later.
	const offset = server + 500 - receivedAt;
	return Math.abs(offset) < MIN_OFFSET_MS ? 0 : offset;
}
