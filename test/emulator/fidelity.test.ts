import { DEMO_TENANT_ID, DEMO_USERS } from './index';
import { deltaRound, sharedHarness } from './helpers';

/*
 * Findings of the checks against Microsoft's references (issue 20): the Kiota SDK's delta call
 * form, self links behind a TLS front, and unifiedRoleAssignment as the v1.0 metadata declares it.
 */

describe('emulator: fidelity to Graph v1.0', () => {
	const h = sharedHarness();

	// The delta function may be called as `delta`, `microsoft.graph.delta` or `delta()` (OData
	// function call syntax; Microsoft's Kiota SDKs send `/users/delta()`), all the same round.
	test('users and groups delta answer in the function-call form delta() as in the bare form', async () => {
		for (const kind of ['users', 'groups']) {
			const bare = await deltaRound(h, `/${kind}/delta?$select=id,displayName`);
			const call = await deltaRound(h, `/${kind}/delta()?$select=id,displayName`);
			const namespaced = await h.get(`/${kind}/microsoft.graph.delta()?$select=id`);
			expect(namespaced.status).toBe(200);
			expect(call.items.map((item) => item.id).sort()).toEqual(
				bare.items.map((item) => item.id).sort(),
			);
			expect(call.deltaLink).toContain(`/v1.0/${kind}/delta?$deltatoken=`);
		}
	});

	// RFC 7239 Forwarded and the de-facto X-Forwarded-Proto / X-Forwarded-Host: behind a TLS front the
	// links a client follows must be https, on the front's host.
	test('@odata.context, nextLinks and deltaLinks honour Forwarded and X-Forwarded-Proto', async () => {
		const https = h.emu.url.replace('http:', 'https:');
		const page = await h.get('/users?$top=2', { 'X-Forwarded-Proto': 'https' });
		expect(page.body['@odata.context']).toBe(`${https}/v1.0/$metadata#users`);
		expect(page.body['@odata.nextLink'].startsWith(`${https}/v1.0/users?`)).toBe(true);
		const round = await deltaRound(h, '/users/delta?$select=id', {
			Forwarded: 'for=127.0.0.1;proto=https;host="graph.example.test:8443"',
		});
		expect(
			round.deltaLink.startsWith('https://graph.example.test:8443/v1.0/users/delta?$deltatoken='),
		).toBe(true);
		const plain = await h.get('/users?$top=2');
		expect(plain.body['@odata.nextLink'].startsWith(`${h.emu.url}/v1.0/users?`)).toBe(true);
		// the token endpoint accepts the front's url as the scope's resource
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: '0e7d1c7a-5b1e-4a8e-9d65-7a0b1f9c2d01',
			client_secret: 'demo-secret-change-me',
			scope: `${https}/.default`,
		});
		const token = await fetch(`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
			method: 'POST',
			body: form,
			headers: { 'X-Forwarded-Proto': 'https' },
		});
		expect(token.status).toBe(200);
	});

	// unifiedRoleAssignment in the v1.0 metadata: appScopeId, condition, directoryScopeId, principalId,
	// principalOrganizationId, roleDefinitionId (resourceScope is beta only).
	test('role assignments carry no resourceScope, and $select of it is refused', async () => {
		const list = await h.get(
			`/roleManagement/directory/roleAssignments?$filter=principalId eq '${DEMO_USERS.admin.id}'`,
		);
		expect(list.body.value[0]).not.toHaveProperty('resourceScope');
		expect(list.body.value[0]).toMatchObject({
			principalId: DEMO_USERS.admin.id,
			directoryScopeId: '/',
		});
		const one = await h.get(`/roleManagement/directory/roleAssignments/${list.body.value[0].id}`);
		expect(one.body).not.toHaveProperty('resourceScope');
		const selected = await h.get(
			`/roleManagement/directory/roleAssignments?$filter=principalId eq '${DEMO_USERS.admin.id}'&$select=resourceScope`,
		);
		expect(selected.status).toBe(400);
	});
});
