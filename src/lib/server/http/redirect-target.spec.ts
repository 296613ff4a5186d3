import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect-target.ts';

describe('safeRedirectTarget', () => {
	it('keeps same-site paths', () => {
		expect(safeRedirectTarget('/staff/users?x=1')).toBe('/staff/users?x=1');
	});
	it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'staff', '', 42, null])(
		'refuses %j',
		(v) => {
			expect(safeRedirectTarget(v, '/home')).toBe('/home');
		}
	);
});
