import { startEmulator, type RunningEmulator } from './index';

/** `npm start` prints `<emulator>/_emulator/` as the admin API: that URL answers with the route list. */
describe('admin API index', () => {
	let emulator: RunningEmulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator.stop();
	});

	it('GET /_emulator/ lists the admin routes, and the GET routes it lists answer', async () => {
		const response = await fetch(`${emulator.url}/_emulator/`);
		expect(response.status).toBe(200);
		const index = (await response.json()) as { routes: Array<{ route: string; does: string }> };
		const routes = index.routes.map((entry) => entry.route);
		expect(routes).toEqual(
			expect.arrayContaining([
				'GET /_emulator/state',
				'POST /_emulator/reset',
				'GET /_emulator/requests',
			]),
		);
		for (const route of routes.filter((entry) => /^GET \/_emulator\/[a-z]+$/.test(entry))) {
			const answer = await fetch(`${emulator.url}${route.slice(4)}`);
			expect({ route, status: answer.status }).toEqual({ route, status: 200 });
		}
	});

	it('the root page points at the index', async () => {
		const root = (await (await fetch(`${emulator.url}/`)).json()) as { admin: string };
		expect(root.admin).toBe('/_emulator/');
		expect((await fetch(`${emulator.url}${root.admin}`)).status).toBe(200);
	});

	it('an unknown admin route names the index', async () => {
		const response = await fetch(`${emulator.url}/_emulator/nothing-here`);
		expect(response.status).toBe(404);
		expect(JSON.stringify(await response.json())).toContain('GET /_emulator/ lists them');
	});
});
