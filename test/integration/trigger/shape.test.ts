import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { TriggerWorld } from './setup';
import { activate, newGroup, newUser, startWorld } from './setup';
import { json } from './runner';

/*
 * "Fetch Test Event" and real events come from the same functions (output.ts): a user builds the
 * next node from the test event, so it must have exactly the keys of a real event of the same node.
 */
let world: TriggerWorld;

beforeEach(async () => {
	world = await startWorld();
});

afterEach(async () => {
	await world.emulator.stop();
});

const keys = (item: IDataObject) => Object.keys(item).sort();

async function testEventKeys(parameters: INodeParameters): Promise<string[]> {
	const [item] = json((await world.runner(parameters).fetchTestEvent()).items);
	return keys(item);
}

describe('a test event has the keys of a real event', () => {
	it.each([
		['userCreated', {}],
		['userCreatedOrUpdated', {}],
		['userCreated', { fullObject: true, userProperties: 'displayName,mail,jobTitle' }],
	])(
		'%s %j: created items, null where a property has no value, no changedProperties',
		async (event, options) => {
			const runner = world.runner({ event, options });
			await activate(world, runner);
			// No mail, no jobTitle: Graph leaves them out of the delta item.
			const user = newUser(world, { department: 'Sales' });
			const [real] = json(await runner.poll());
			expect(real).toEqual(
				expect.objectContaining({ changeType: 'created', id: user, mail: null }),
			);
			expect(real).not.toHaveProperty('changedProperties');
			expect(await testEventKeys({ event, options })).toEqual(keys(real));
		},
	);

	it('userEnabledChanged: the changed property and changedProperties', async () => {
		const user = newUser(world);
		const runner = world.runner({ event: 'userEnabledChanged' });
		await activate(world, runner);
		world.emulator.admin.updateUser(user, { accountEnabled: false });
		const [real] = json(await runner.poll());
		expect(real).toEqual({
			changeType: 'disabled',
			resource: 'user',
			id: user,
			accountEnabled: false,
			changedProperties: ['accountEnabled'],
		});
		expect(await testEventKeys({ event: 'userEnabledChanged' })).toEqual(keys(real));
	});

	it.each([[{}], [{ fullObject: true }]])('userDeleted %j', async (options) => {
		const user = newUser(world);
		const runner = world.runner({ event: 'userDeleted', options });
		await activate(world, runner);
		world.emulator.admin.deleteUser(user);
		const [real] = json(await runner.poll());
		expect(real).toEqual(
			expect.objectContaining({ changeType: 'deleted', id: user, deleteKind: 'soft' }),
		);
		expect(await testEventKeys({ event: 'userDeleted', options })).toEqual(keys(real));
	});

	it.each(['groupCreated', 'groupCreatedOrUpdated'])('%s', async (event) => {
		const runner = world.runner({ event });
		await activate(world, runner);
		const group = newGroup(world, { description: undefined });
		const [real] = json(await runner.poll());
		expect(real).toEqual(expect.objectContaining({ changeType: 'created', id: group }));
		expect(await testEventKeys({ event })).toEqual(keys(real));
	});

	it('groupMembershipChanged', async () => {
		const group = newGroup(world);
		const runner = world.runner({ event: 'groupMembershipChanged' });
		await activate(world, runner);
		world.emulator.admin.addMember(group, newUser(world));
		const [real] = json(await runner.poll());
		expect(await testEventKeys({ event: 'groupMembershipChanged' })).toEqual(keys(real));
	});
});
