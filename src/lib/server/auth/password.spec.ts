import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';

describe('password hashing', () => {
	it('hashes with argon2id at m=19456, t=2, p=1 and a fresh salt each time', async () => {
		const a = await hashPassword('rahasia-sekali');
		const b = await hashPassword('rahasia-sekali');
		expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(a).not.toContain('rahasia-sekali');
		expect(a).not.toBe(b);
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('rahasia-sekali');
		expect(await verifyPassword(hash, 'rahasia-sekali')).toBe(true);
		expect(await verifyPassword(hash, 'rahasia-sekali ')).toBe(false);
		expect(await verifyPassword(hash, 'Rahasia-sekali')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('handles passwords outside ASCII', async () => {
		const hash = await hashPassword('kata sandi — ꦲꦏ꧀ꦱꦫ 🔑');
		expect(await verifyPassword(hash, 'kata sandi — ꦲꦏ꧀ꦱꦫ 🔑')).toBe(true);
		expect(await verifyPassword(hash, 'kata sandi - ꦲꦏ꧀ꦱꦫ 🔑')).toBe(false);
	});

	it.each([
		['an empty string', ''],
		['plain text', 'not-a-hash'],
		['a truncated hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ'],
		['another algorithm', '$2b$10$abcdefghijklmnopqrstuuN0cYf5b8k5nW6bJt0m0Jb5o6Q2Yq8xW']
	])('answers false, never throws, for a malformed hash: %s', async (_name, hash) => {
		await expect(verifyPassword(hash, 'rahasia-sekali')).resolves.toBe(false);
	});

	it('the dummy check always answers false', async () => {
		await expect(verifyAgainstDummy('rembuk-dummy-password-for-timing')).resolves.toBe(false);
		await expect(verifyAgainstDummy('anything')).resolves.toBe(false);
	});
});
