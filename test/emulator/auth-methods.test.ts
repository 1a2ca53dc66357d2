import { DEMO_GROUPS, DEMO_USERS, MEMBERSHIP_APP, SKUS } from './demo-tenant';
import type { Harness } from './helpers';
import { harness } from './helpers';

/*
 * The emulator's authentication methods, special groups and group-based licences, each against the
 * v1.0 page named in its test. Docs: learn.microsoft.com/graph/api/...
 */

let h: Harness;

beforeEach(async () => {
	h = await harness();
});

afterEach(async () => {
	await h.emu.stop();
});

const methods = (user: string) => `/users/${user}/authentication`;

describe('authentication methods (authentication-list-methods, phoneauthenticationmethod-delete, microsoftauthenticatorauthenticationmethod-delete)', () => {
	it('List methods: the password first (well-known id), then each method typed by @odata.type', async () => {
		const user = DEMO_USERS.alex.id;
		const phone = h.emu.admin.addAuthMethod(user, 'phoneAuthenticationMethod', {
			phoneType: 'mobile',
			phoneNumber: '+1 2065555555',
		});
		const list = await h.get(`${methods(user)}/methods`);
		expect(list.status).toBe(200);
		expect(
			list.body.value.map((method: { '@odata.type': string; id: string }) => [
				method['@odata.type'],
				method.id,
			]),
		).toEqual([
			['#microsoft.graph.passwordAuthenticationMethod', '28c10230-6103-485e-b985-444c60001490'],
			['#microsoft.graph.phoneAuthenticationMethod', phone.id],
		]);
		expect(
			(
				await h.graph(
					'DELETE',
					`${methods(user)}/passwordMethods/28c10230-6103-485e-b985-444c60001490`,
				)
			).status,
		).toBe(405);
	});

	it('the default method cannot be deleted while others are registered; a mobile phone not while an alternateMobile one is', async () => {
		const user = DEMO_USERS.megan.id;
		const app = h.emu.admin.addAuthMethod(
			user,
			'microsoftAuthenticatorAuthenticationMethod',
			{},
			{ isDefault: true },
		);
		const mobile = h.emu.admin.addAuthMethod(user, 'phoneAuthenticationMethod', {
			phoneType: 'mobile',
		});
		const alternate = h.emu.admin.addAuthMethod(user, 'phoneAuthenticationMethod', {
			phoneType: 'alternateMobile',
		});
		const refused = await h.graph(
			'DELETE',
			`${methods(user)}/microsoftAuthenticatorMethods/${app.id}`,
		);
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toMatch(
			/^Cannot delete default method with other methods configured/,
		);
		expect((await h.graph('DELETE', `${methods(user)}/phoneMethods/${mobile.id}`)).status).toBe(
			400,
		);
		expect((await h.graph('DELETE', `${methods(user)}/phoneMethods/${alternate.id}`)).status).toBe(
			204,
		);
		expect((await h.graph('DELETE', `${methods(user)}/phoneMethods/${mobile.id}`)).status).toBe(
			204,
		);
		expect(
			(await h.graph('DELETE', `${methods(user)}/microsoftAuthenticatorMethods/${app.id}`)).status,
		).toBe(204);
		expect(h.emu.admin.authMethods(user)).toEqual([]);
	});
});

describe('groups whose members cannot be changed (group-delete-members)', () => {
	it('synced: 400; distribution list: 400; role-assignable: 403 without RoleManagement.ReadWrite.Directory; dynamic: 400', async () => {
		const user = DEMO_USERS.lee.id;
		const synced = h.emu.admin.createGroup({
			displayName: 'Synced',
			members: [user],
			onPremisesSyncEnabled: true,
		}).id as string;
		const roleGroup = h.emu.admin.createGroup({
			displayName: 'Role group',
			members: [user],
			isAssignableToRole: true,
		}).id as string;
		expect(
			(await h.graph('DELETE', `/groups/${synced}/members/${user}/$ref`)).body.error.message,
		).toMatch(/on-premises mastered/);
		const token = await h.tokenFor(MEMBERSHIP_APP.clientId, MEMBERSHIP_APP.clientSecret);
		expect(
			(await h.graph('DELETE', `/groups/${roleGroup}/members/${user}/$ref`, { token })).status,
		).toBe(403);
		expect((await h.graph('DELETE', `/groups/${roleGroup}/members/${user}/$ref`)).status).toBe(204);
		const list = h.emu.admin.createGroup({
			displayName: 'Sales DL',
			members: [user],
			mailEnabled: true,
			securityEnabled: false,
		});
		expect(
			(await h.graph('DELETE', `/groups/${list.id as string}/members/${user}/$ref`)).status,
		).toBe(400);
		expect(
			(
				await h.graph(
					'DELETE',
					`/groups/${DEMO_GROUPS.salesDynamic.id}/members/${DEMO_USERS.isaiah.id}/$ref`,
				)
			).status,
		).toBe(400);
	});
});

describe('group-based licences (user resource: licenseAssignmentStates; user-assignlicense)', () => {
	it('an inherited licence shows with assignedByGroup and cannot be removed from the user directly', async () => {
		const user = DEMO_USERS.lee.id;
		const group = h.emu.admin.createGroup({ displayName: 'Licensed', members: [user] })
			.id as string;
		h.emu.admin.assignGroupLicense(group, SKUS.E3);
		const read = await h.get(`/users/${user}?$select=assignedLicenses,licenseAssignmentStates`);
		expect(read.body.assignedLicenses).toEqual([{ skuId: SKUS.E3, disabledPlans: [] }]);
		expect(read.body.licenseAssignmentStates).toEqual([
			expect.objectContaining({ skuId: SKUS.E3, assignedByGroup: group, state: 'Active' }),
		]);
		const refused = await h.graph('POST', `/users/${user}/assignLicense`, {
			body: { addLicenses: [], removeLicenses: [SKUS.E3] },
		});
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toMatch(/inherited from a group membership/);
	});
});
