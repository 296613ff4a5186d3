/** The votes page's words live with its components (src/lib/components/voting/staff/). */
export * from '$lib/components/voting/staff/labels';
