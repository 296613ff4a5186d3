// `npm run audit:verify`: recompute the audit log's hash chain and report the first broken entry.
import { ConfigError, getConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { verifyAuditChain } from '../src/lib/server/audit/log.ts';

try {
	const config = getConfig();
	const handle = await openDatabase({
		databaseUrl: config.databaseUrl,
		pgliteDir: config.pgliteDir
	});
	try {
		const report = await verifyAuditChain(handle.db);
		if (report.ok) {
			console.log(`audit log intact: ${report.entries} entries, chain head ${report.head}`);
		} else {
			console.error(
				`audit log BROKEN at entry ${report.firstBroken.id} (${report.firstBroken.reason === 'hash' ? 'its content was changed' : 'the entry before it was changed or removed'}); ${report.entries} entries before it are intact`
			);
			process.exitCode = 2;
		}
	} finally {
		await handle.close();
	}
} catch (e) {
	console.error(e instanceof ConfigError ? e.message : e);
	process.exit(1);
}
