import { DEMO_APP } from './index';
import type { Harness } from './helpers';
import { harness } from './helpers';

/**
 * Scale: a 50,000-user tenant seeds, lists in full with `$top=999` and runs a full delta round.
 * The times are printed for the README, not asserted: speed is measured by benchmarks, never by timed
 * tests (a wall-clock bound fails whenever the machine is busy).
 */
describe('emulator: 50,000-user tenant', () => {
	let h: Harness;
	let seedMs = 0;
	beforeAll(async () => {
		const started = Date.now();
		h = await harness({ users: 50_000, groups: 500 });
		seedMs = Date.now() - started;
	});
	afterAll(() => h.emu.stop());

	test('seeds 50,000 users and 500 groups', () => {
		expect(h.emu.admin.getState().users).toBe(50_011);
		process.stdout.write(`seed 50,000 users + 500 groups: ${seedMs} ms\n`);
	});

	// docs: list users: $top up to 999, pages chained by @odata.nextLink
	test('a full $top=999 listing', async () => {
		const started = Date.now();
		let next: string | undefined = '/users?$top=999';
		let count = 0;
		let pages = 0;
		while (next) {
			const page = await h.get(next);
			count += page.body.value.length;
			pages += 1;
			next = page.body['@odata.nextLink'];
		}
		const ms = Date.now() - started;
		expect(count).toBe(50_011);
		expect(pages).toBe(51);
		process.stdout.write(`full $top=999 listing of 50,011 users: ${pages} pages in ${ms} ms\n`);
	});

	// docs: user: delta: full initial round, then the deltaLink
	test('a full users delta round', async () => {
		h.token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
		const started = Date.now();
		let next: string | undefined = '/users/delta?$select=displayName,createdDateTime';
		let count = 0;
		let pages = 0;
		let deltaLink: string | undefined;
		while (next) {
			const page = await h.get(next, { Prefer: 'return=minimal' });
			count += page.body.value.length;
			pages += 1;
			next = page.body['@odata.nextLink'];
			deltaLink = page.body['@odata.deltaLink'];
		}
		const ms = Date.now() - started;
		expect(count).toBe(50_011);
		expect(deltaLink).toBeDefined();
		process.stdout.write(`full users delta round over 50,011 users: ${pages} pages in ${ms} ms\n`);
	});
});
