// `npm run db:seed`: migrate the configured database and create the demo data if it has no admin.
import { fileURLToPath } from 'node:url';
import { ConfigError, getConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { seedDemoData, seedDemoMeetings } from '../src/lib/server/seed/demo.ts';

try {
	const config = getConfig();
	const handle = await openDatabase({
		databaseUrl: config.databaseUrl,
		pgliteDir: config.pgliteDir,
		migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url))
	});
	try {
		const result = await seedDemoData(handle.db);
		if (result.seeded) {
			const { finished } = await seedDemoMeetings(handle.db);
			console.log('Demo data for Kelurahan Rejosari created. Accounts (username / password):');
			for (const a of result.accounts)
				console.log(`  ${a.role.padEnd(12)} ${a.username} / ${a.password}`);
			if (finished)
				console.log(`Finished demo meeting "${finished.title}" (closed, with decisions).`);
		} else {
			console.log('The database already has an admin: nothing seeded.');
		}
	} finally {
		await handle.close();
	}
} catch (e) {
	console.error(e instanceof ConfigError ? e.message : e);
	process.exit(1);
}
