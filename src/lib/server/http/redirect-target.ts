/** Accepts only a same-site path ("/staff?x=1"), never "//evil.example" or "https://…". */
export function safeRedirectTarget(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string' || value.length > 1000) return fallback;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	return value;
}
