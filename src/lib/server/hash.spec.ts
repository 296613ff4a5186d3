import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash.ts';

const oslo = (bytes: Uint8Array) => encodeHexLowerCase(sha256(bytes));

describe('sha256Hex', () => {
	it('gives the digest stored audit chains and board versions were made with', () => {
		// Audit entries and board contents are JSON with any Unicode text in them.
		for (const text of [
			'',
			'abc',
			'{"title":"Perbaikan drainase RT 03","note":"Disepakati — prioritas 1"}',
			'Ñandú · 東京 · 🚰 · é vs é'
		]) {
			expect(sha256Hex(text)).toBe(oslo(new TextEncoder().encode(text)));
		}
		expect(sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});

	it('hashes raw bytes as they are', () => {
		const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
		expect(sha256Hex(bytes)).toBe(oslo(bytes));
	});
});
