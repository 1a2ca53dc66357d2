import type { INodeParameters } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../../../emulator';
import { byId, itemsOf, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

describe('Group > Get, Get Many', () => {
	it('gets a group: simplified, all properties, selected fields', async () => {
		const { emulator } = world;
		const get = (output: INodeParameters) =>
			run(emulator, {
				resource: 'group',
				operation: 'get',
				group: byId(G.marketing.id),
				...output,
			});
		const simple = (await get({}))[0].json;
		expect(simple).toMatchObject({
			id: G.marketing.id,
			displayName: 'Marketing',
			groupTypes: ['Unified'],
			mailEnabled: true,
		});
		const selected = (await get({ output: 'selected', fields: ['displayName'] }))[0].json;
		expect(Object.keys(selected).filter((key) => !key.startsWith('@'))).toEqual([
			'id',
			'displayName',
		]);
		const all = (await get({ output: 'all' }))[0].json;
		expect(all).toHaveProperty('securityIdentifier');
	});

	it('fails with not found for a missing group, or gives an error item with continueOnFail', async () => {
		const { emulator } = world;
		const params = { resource: 'group', operation: 'get', group: byId(MISSING) };
		const error = await runFailing(emulator, params);
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/Group not found/);
		const output = await run(
			emulator,
			{ resource: 'group', operation: 'get', group: byId('={{ $json.id }}') },
			itemsOf([{ id: MISSING }, { id: G.itAdmins.id }]),
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/not found/);
		expect(output[1].json.displayName).toBe('IT Admins');
	});
});
