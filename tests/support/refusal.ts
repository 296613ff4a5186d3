/**
 * The error a service call was refused with, checked to be of the service's own error class
 * (anything else — a bug, a database error — is rethrown). Fails when the call succeeds.
 */
export async function refusalOf<E extends Error>(
	call: Promise<unknown>,
	errorClass: new (...args: never[]) => E
): Promise<E> {
	try {
		await call;
	} catch (e) {
		if (e instanceof errorClass) return e;
		throw e;
	}
	throw new Error(`expected a ${errorClass.name}, but the call succeeded`);
}
