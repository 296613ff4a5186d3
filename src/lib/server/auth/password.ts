import { hash, verify } from '@node-rs/argon2';

// argon2id with the parameters OWASP recommends as a minimum (and the `sv` lucia add-on uses).
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

/** False for a wrong password and for a malformed hash; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, so an unknown username cannot be told apart from
 * a wrong password by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('rembuk-dummy-password-for-timing');
	await verifyPassword(await dummyHash, password);
	return false;
}
