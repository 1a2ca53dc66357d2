import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO_USERS, SKUS } from '../../../../emulator';
import {
	byId,
	byUpn,
	json,
	paired,
	roundTrips,
	run,
	runFailing,
	seedGroup,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/*
 * License → Remove All, against the emulator's model of the user resource's licenseAssignmentStates
 * (v1.0, https://learn.microsoft.com/graph/api/resources/user: "licenses that are directly assigned or
 * the user inherited through group memberships", assignedByGroup on each state) and assignLicense
 * (https://learn.microsoft.com/graph/api/user-assignlicense).
 */

const world = useEmulator();
const params = (user: NodeParameterValueType) => ({
	resource: 'license',
	operation: 'removeAll',
	user,
});
const E3 = SKUS.E3;
const E5 = SKUS.E5;

describe('License → Remove All', () => {
	it('removes direct licences in one assignLicense and reports the inherited ones with their group', async () => {
		const admin = world.emulator.admin;
		const alex = DEMO_USERS.alex;
		const group = seedGroup(world.emulator, { members: [alex.id] });
		admin.assignGroupLicense(group, E5);
		admin.assignGroupLicense(group, E3);
		admin.clearLog();
		const [out] = json(await run(world.emulator, params(byUpn(alex.userPrincipalName))));
		expect(out).toEqual({
			userId: alex.id,
			status: 'removed',
			removedLicenses: [E3],
			inheritedLicenses: [
				{ skuId: E5, groupId: group },
				{ skuId: E3, groupId: group },
			],
		});
		expect(roundTrips(world.emulator)).toBe(2);
		const states = admin.getUser(alex.id)?.licenseAssignmentStates as Array<{
			skuId: string;
			assignedByGroup: string | null;
		}>;
		expect(states.map((state) => [state.skuId, state.assignedByGroup])).toEqual([
			[E5, group],
			[E3, group],
		]);

		admin.clearLog();
		const [again] = json(await run(world.emulator, params(byId(alex.id))));
		expect(again).toMatchObject({ status: 'nothingToRemove', removedLicenses: [] });
		expect(roundTrips(world.emulator)).toBe(1);
	});

	it('says nothingToRemove for a user without licences', async () => {
		const { id } = seedUser(world.emulator);
		const [out] = json(await run(world.emulator, params(byId(id))));
		expect(out).toEqual({
			userId: id,
			status: 'nothingToRemove',
			removedLicenses: [],
			inheritedLicenses: [],
		});
	});

	it('pairs every item, and with continueOnFail gives a bad or missing user its own error item', async () => {
		const { id } = seedUser(world.emulator);
		const items = [
			{ json: { user: id } },
			{ json: { user: 'not a user' } },
			{ json: { user: '00000000-0000-4000-8000-00000000dead' } },
		];
		const out = await run(
			world.emulator,
			params({ __rl: true, mode: 'id', value: '={{ $json.user }}' }),
			items,
			{ continueOnFail: true },
		);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.status).toBe('nothingToRemove');
		expect(out[1].json.error).toBe('"User" is not valid: "not a user"');
		expect(out[2].json.error).toMatch(/^User not found/);
		world.emulator.admin.clearLog();
		const error = await runFailing(
			world.emulator,
			params({ __rl: true, mode: 'id', value: '={{ $json.user }}' }),
			items,
		);
		expect(error.message).toBe('"User" is not valid: "not a user"');
		expect(roundTrips(world.emulator)).toBe(0);
	});
});
