export interface Scenario {
	/** `<rooms>x<clients per room>`, e.g. `1x1000`. */
	name: string;
	rooms: number;
	clientsPerRoom: number;
}

export const fullScenarios = ['1x50', '1x200', '1x500', '1x1000', '50x20'];
/** `--quick`: the small ones, and 50 rooms scaled down to 10. */
export const quickScenarios = ['1x50', '1x200', '10x20'];

export function parseScenario(name: string): Scenario {
	const match = /^(\d+)x(\d+)$/.exec(name.trim());
	const rooms = Number(match?.[1]);
	const clientsPerRoom = Number(match?.[2]);
	if (!match || rooms < 1 || clientsPerRoom < 1 || rooms * clientsPerRoom > 5000) {
		throw new Error(
			`scenario "${name}": expected <rooms>x<clients per room>, at most 5000 clients`
		);
	}
	return { name: `${rooms}x${clientsPerRoom}`, rooms, clientsPerRoom };
}

export function totalClients(s: Scenario): number {
	return s.rooms * s.clientsPerRoom;
}
