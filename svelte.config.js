import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// SvelteKit's origin check is our CSRF protection; server/index.ts makes the origin match
		// the address a phone actually used (LAN IP over plain http), see docs/decisions/0003.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
