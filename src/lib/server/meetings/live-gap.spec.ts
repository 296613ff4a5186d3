import { describe, expect, it } from 'vitest';
import { LIVE_GAP_AUDIENCE, liveGap } from './live-publisher.ts';

describe('liveGap', () => {
	it('keeps the base gap up to LIVE_GAP_AUDIENCE phones', () => {
		for (const audience of [0, 1, 30, 300, LIVE_GAP_AUDIENCE]) {
			expect(liveGap(250, audience)).toBe(250);
		}
	});

	it('grows with a bigger room, never beyond twice the base gap', () => {
		expect(liveGap(250, 750)).toBe(375);
		expect(liveGap(250, 1000)).toBe(500);
		expect(liveGap(250, 5000)).toBe(500);
		expect(liveGap(20, 100_000)).toBe(40);
	});

	it('never shrinks as the room grows', () => {
		let previous = 0;
		for (let audience = 0; audience <= 2000; audience += 37) {
			const gap = liveGap(250, audience);
			expect(gap).toBeGreaterThanOrEqual(previous);
			previous = gap;
		}
	});
});
