import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	byId,
	byUpn,
	itemsOf,
	json,
	memberIds,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

describe('Group > Remove Member', () => {
	const remove = (groupId: string, member: NodeParameterValueType, ignore?: boolean) => ({
		resource: 'group',
		operation: 'removeMember',
		group: byId(groupId),
		member,
		options: ignore === undefined ? {} : { ignoreIfNotMember: ignore },
	});

	it('removes a member by ID or UPN', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			remove(G.marketing.id, '={{ $json.member }}'),
			itemsOf([{ member: byId(U.alex.id) }, { member: byUpn(U.megan.userPrincipalName) }]),
		);
		expect(json(output)).toEqual([
			{ groupId: G.marketing.id, memberId: U.alex.id, status: 'removed' },
			{ groupId: G.marketing.id, memberId: U.megan.id, status: 'removed' },
		]);
		expect(memberIds(emulator, G.marketing.id)).toEqual([]);
	});

	it('says notMember when asked to ignore, and fails otherwise', async () => {
		const { emulator } = world;
		const output = await run(emulator, remove(G.marketing.id, byId(U.isaiah.id), true));
		expect(output[0].json).toEqual({
			groupId: G.marketing.id,
			memberId: U.isaiah.id,
			status: 'notMember',
		});
		const error = await runFailing(emulator, remove(G.marketing.id, byId(U.isaiah.id), false));
		expect(error.httpCode).toBe('404');
	});

	it('still fails for a missing group when asked to ignore non-members', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, remove(MISSING, byId(U.isaiah.id), true));
		expect(error.httpCode).toBe('404');
	});

	it('is denied for a read-only app', async () => {
		const { emulator } = world;
		const error = await runFailing(
			emulator,
			remove(G.marketing.id, byId(U.alex.id)),
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.httpCode).toBe('403');
		expect(memberIds(emulator, G.marketing.id)).toContain(U.alex.id);
	});
});
