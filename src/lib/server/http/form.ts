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
