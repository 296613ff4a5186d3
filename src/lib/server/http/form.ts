/**
 * The request body as form data, or null when it cannot be read as a form (a malformed multipart
 * body, a truncated upload…). `request.formData()` throws a TypeError then, which would otherwise
 * become a 500; callers answer 400 instead.
 */
export async function readForm(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

/**
 * The client's address for rate limits. adapter-node throws when `ADDRESS_HEADER` is configured
 * (TRUST_PROXY=true) but a request arrives without that header, e.g. straight from the LAN past the
 * proxy; such requests fall back to the socket's address rather than failing with a 500.
 */
export function clientAddress(event: {
	getClientAddress(): string;
	platform?: { req?: { socket?: { remoteAddress?: string } } };
}): string {
	try {
		return event.getClientAddress();
	} catch {
		return event.platform?.req?.socket?.remoteAddress ?? 'unknown';
	}
}
