import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DEMO_USERS, READONLY_APP, SERVICE_PLANS, SKUS } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	itemsOf,
	json,
	paired,
	roundTrips,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();
const U = DEMO_USERS;

const assign = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'license',
	operation: 'addOrRemove',
	user: byId('={{ $json.id }}'),
	...extra,
});

const licencesOf = (userId: string): IDataObject[] =>
	((world.emulator.admin.getUser(userId)?.assignedLicenses as IDataObject[]) ?? []).map(
		({ skuId, disabledPlans }) => ({ skuId, disabledPlans }),
	);

describe('License > Add or Remove', () => {
	it('assigns a licence with disabled plans, then removes it', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			assign({ skuIds: [SKUS.E3], disabledPlans: [SERVICE_PLANS.TEAMS1] }),
			itemsOf([{ id: U.isaiah.id }]),
		);
		expect(output[0].json.id).toBe(U.isaiah.id);
		expect(licencesOf(U.isaiah.id)).toEqual([
			{ skuId: SKUS.E3, disabledPlans: [SERVICE_PLANS.TEAMS1] },
		]);

		// issue 25, item 6: the licence by name, from Microsoft's product-name table
		expect(output[0].json.addedLicenses).toEqual([
			{
				skuId: SKUS.E3,
				skuPartNumber: 'ENTERPRISEPACK',
				productName: 'Office 365 E3',
				disabledPlans: [SERVICE_PLANS.TEAMS1],
			},
		]);

		const removed = await run(
			emulator,
			assign({ user: byUpn(U.isaiah.userPrincipalName), removeSkuIds: [SKUS.E3] }),
		);
		expect(licencesOf(U.isaiah.id)).toEqual([]);
		expect(removed[0].json.removedLicenses).toEqual([SKUS.E3]);
		expect(removed[0].json.removedLicenseDetails).toEqual([
			{ skuId: SKUS.E3, skuPartNumber: 'ENTERPRISEPACK', productName: 'Office 365 E3' },
		]);
	});

	it('places disabled plans under the licence that holds them when adding several', async () => {
		const { emulator } = world;
		const [user] = seedUsers(emulator, 1, { usageLocation: 'FR' });
		// SharePoint is a plan of E3 only (EMS has no plans): it is disabled in E3 alone.
		const out = await run(
			emulator,
			assign({ skuIds: [SKUS.E3, SKUS.EMS], disabledPlans: [SERVICE_PLANS.SHAREPOINTENTERPRISE] }),
			itemsOf([{ id: user }]),
		);
		expect(licencesOf(user)).toEqual([
			{ skuId: SKUS.E3, disabledPlans: [SERVICE_PLANS.SHAREPOINTENTERPRISE] },
			{ skuId: SKUS.EMS, disabledPlans: [] },
		]);
		// a SKU that Microsoft's product-name table (as shipped) does not list keeps its skuId alone
		expect(
			(out[0].json.addedLicenses as IDataObject[]).map(
				(licence) => licence.productName ?? licence.skuId,
			),
		).toEqual(['Office 365 E3', SKUS.EMS]);
	});

	it('refuses a disabled plan that belongs to none of the licences to add, before assigning', async () => {
		const { emulator } = world;
		const unknownPlan = 'aaaaaaaa-0000-4000-8000-000000000000';
		const error = await runFailing(
			emulator,
			assign({ skuIds: [SKUS.E3, SKUS.EMS], disabledPlans: [unknownPlan] }),
			itemsOf([{ id: U.isaiah.id }]),
		);
		expect(error.message).toMatch(/is not part of any license to add/);
		expect(graphLog(emulator).filter((entry) => entry.method !== 'GET')).toHaveLength(0);
	});

	it('fails for a user without usage location, saying how to fix it, and changes nothing', async () => {
		const { emulator } = world;
		const error = await runFailing(
			emulator,
			assign({ skuIds: [SKUS.E3] }),
			itemsOf([{ id: U.lee.id }]),
		);
		expect(error.message).toMatch(/has no usage location/);
		expect(error.description).toMatch(/Usage Location If Missing/);
		expect(licencesOf(U.lee.id)).toEqual([]);
		expect(emulator.admin.getUser(U.lee.id)?.usageLocation).toBeNull();
	});

	it('sets the usage location first when the user has none and the option gives one; keeps an existing one', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			assign({ skuIds: [SKUS.E3], options: { usageLocation: 'gb' } }),
			itemsOf([{ id: U.lee.id }, { id: U.isaiah.id }]),
		);
		expect(output[0].json.usageLocationSet).toBe('GB');
		expect(output[1].json.usageLocationSet).toBeUndefined();
		expect(emulator.admin.getUser(U.lee.id)?.usageLocation).toBe('GB');
		expect(emulator.admin.getUser(U.isaiah.id)?.usageLocation).toBe('DE');
		expect(licencesOf(U.lee.id)).toEqual([{ skuId: SKUS.E3, disabledPlans: [] }]);
		expect(licencesOf(U.isaiah.id)).toEqual([{ skuId: SKUS.E3, disabledPlans: [] }]);
	});

	it('assigns to many users in one $batch round trip, with the same results as one by one', async () => {
		const { emulator } = world;
		// E3 has 25 units, 2 of them used by the demo tenant.
		const bulkUsers = seedUsers(emulator, 10, { usageLocation: 'US' });
		const singleUsers = seedUsers(emulator, 10, { usageLocation: 'US' });
		emulator.admin.clearLog();
		const bulk = await run(
			emulator,
			assign({ skuIds: [SKUS.E3] }),
			itemsOf([...bulkUsers, U.lee.id].map((id) => ({ id }))),
			{ continueOnFail: true },
		);
		const bulkTrips = roundTrips(emulator);
		emulator.admin.clearLog();
		const single = await run(
			emulator,
			assign({ skuIds: [SKUS.E3], requestOptions: { bulk: false } }),
			itemsOf([...singleUsers, U.lee.id].map((id) => ({ id }))),
			{ continueOnFail: true },
		);
		const singleTrips = roundTrips(emulator);

		const shape = (items: typeof bulk) =>
			json(items).map((item) => (item.error ? { error: item.error } : { licensed: true }));
		expect(shape(bulk)).toEqual(shape(single));
		expect(bulk[10].json.error).toMatch(/has no usage location/);
		// One batch of assignLicense, then the one refusal is looked at: read Lee's usage location.
		expect(bulkTrips).toBe(2);
		expect(singleTrips).toBe(12);
		for (const id of [...bulkUsers, ...singleUsers])
			expect(licencesOf(id)).toEqual([{ skuId: SKUS.E3, disabledPlans: [] }]);
		expect(paired(bulk)).toEqual(bulk.map((_, item) => ({ item })));
	});

	it("reports Graph's refusal when a licence has no free units", async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			assign({ skuIds: [SKUS.E5] }),
			itemsOf([{ id: U.isaiah.id }]),
			{ continueOnFail: true },
		);
		expect(output[0].json.httpCode).toBe('400');
		expect(licencesOf(U.isaiah.id)).toEqual([]);
	});

	it('fails with not found for a missing user', async () => {
		const { emulator } = world;
		const error = await runFailing(
			emulator,
			assign({ skuIds: [SKUS.E3] }),
			itemsOf([{ id: 'deadbeef-0000-4000-8000-000000000000' }]),
		);
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/User not found/);
	});

	it('is denied for a read-only app', async () => {
		const { emulator } = world;
		const error = await runFailing(
			emulator,
			assign({ skuIds: [SKUS.E3] }),
			itemsOf([{ id: U.isaiah.id }]),
			{ app: READONLY_APP },
		);
		expect(error.httpCode).toBe('403');
		expect(licencesOf(U.isaiah.id)).toEqual([]);
	});

	it.each([
		['no licence at all', {}, /No license to add or remove/],
		[
			'a licence both added and removed',
			{ skuIds: [SKUS.E3], removeSkuIds: [SKUS.E3] },
			/both added and removed/,
		],
		[
			'disabled plans without a licence to add',
			{ disabledPlans: [SERVICE_PLANS.TEAMS1], removeSkuIds: [SKUS.E3] },
			/needs a license to add/,
		],
		[
			'a usage location that is not a country code',
			{ skuIds: [SKUS.E3], options: { usageLocation: 'USA' } },
			/not a two-letter country code/,
		],
		[
			'a SKU that is not an ID',
			{ skuIds: '={{ ["ENTERPRISEPACK"] }}' },
			/"Licenses to Add" holds "ENTERPRISEPACK"/,
		],
		[
			'a user that is neither ID nor UPN',
			{ user: byId('lee gu'), skuIds: [SKUS.E3] },
			/"User" is not valid/,
		],
	])('refuses %s before any request', async (_name, extra, message) => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(
			emulator,
			assign(extra as INodeParameters),
			itemsOf([{ id: U.isaiah.id }]),
		);
		expect(error.message).toMatch(message);
		expect(error.context?.itemIndex).toBe(0);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});
