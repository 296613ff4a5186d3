/** Parses a Cookie header; a malformed pair is skipped, never thrown. */
export function parseCookies(header: string | undefined): Map<string, string> {
	const out = new Map<string, string>();
	if (!header || header.length > 16 * 1024) return out;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 1) continue;
		const name = part.slice(0, eq).trim();
		let value = part.slice(eq + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		try {
			if (!out.has(name)) out.set(name, decodeURIComponent(value));
		} catch {
			// not URI-encoded properly: ignore this cookie
		}
	}
	return out;
}
