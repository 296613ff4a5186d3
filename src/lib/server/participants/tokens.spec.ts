import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { hashParticipantToken, TOKEN_PATTERN } from './tokens.ts';

describe('hashParticipantToken', () => {
	it('is the SHA-256 in lower-case hex that stored participants were saved with', () => {
		// The FIPS 180-2 example, then fresh tokens against the pure JavaScript digest used before.
		expect(hashParticipantToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		for (let i = 0; i < 20; i++) {
			// Made as issueParticipantToken makes them.
			const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
			expect(token).toMatch(TOKEN_PATTERN);
			expect(hashParticipantToken(token)).toBe(
				encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
			);
		}
	});
});
