import { DEMO_APP, DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS, READONLY_APP } from '../../../emulator';
import { emulatorCredentials, listSearch } from '../../../harness';
import { node, useEmulator } from '../../../integration/setup';

const world = useEmulator();

describe('methods', () => {
	const options = () => ({
		credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
	});

	it('searchUsers lists users by name or UPN, and pages with the token', async () => {
		const found = await listSearch(node, 'searchUsers', {}, 'megan', undefined, options());
		expect(found.results).toEqual([
			{ name: 'Megan Bowen (megan.bowen@contoso.com)', value: DEMO_USERS.megan.id },
		]);
		const byUpnText = await listSearch(
			node,
			'searchUsers',
			{},
			'johanna.lorenz',
			undefined,
			options(),
		);
		expect(byUpnText.results.map((result) => result.value)).toEqual([DEMO_USERS.johanna.id]);

		world.emulator.admin.seed({ users: 120 });
		const first = await listSearch(node, 'searchUsers', {}, undefined, undefined, options());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeTruthy();
		const second = await listSearch(
			node,
			'searchUsers',
			{},
			undefined,
			first.paginationToken as string,
			options(),
		);
		expect(second.results).toHaveLength(50);
		expect(second.results.map((result) => result.value)).not.toContain(first.results[0].value);
	});

	it('searchGroups lists groups by name', async () => {
		const found = await listSearch(node, 'searchGroups', {}, 'platform', undefined, options());
		expect(found.results).toEqual([{ name: 'Platform Team', value: DEMO_GROUPS.platform.id }]);
		const all = await listSearch(node, 'searchGroups', {}, '', undefined, options());
		expect(all.results.map((result) => result.name)).toContain('All Company');
	});

	it('list search works for a read-only app', async () => {
		const found = await listSearch(node, 'searchUsers', {}, 'alex', undefined, {
			credentials: emulatorCredentials(world.emulator.url, READONLY_APP, DEMO_TENANT_ID),
		});
		expect(found.results.map((result) => result.value)).toEqual([DEMO_USERS.alex.id]);
	});
});
