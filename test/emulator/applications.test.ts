import type { Harness } from './helpers';
import { appToken, sharedHarness } from './helpers';
import { DEMO_APP, DEMO_APPLICATIONS, DEMO_TENANT_ID, READONLY_APP } from './index';

/**
 * Graph's application resource for credential hygiene. Docs: "List applications" (page size,
 * $select, $filter on appId), "Get application" (`/applications/{id}` and `/applications(appId='...')`),
 * "application: addPassword" (200, secretText only in this answer, two years by default),
 * "application: removePassword" (204), "passwordCredential resource type" (hint, keyId, end date);
 * AADSTS7000222 for an expired secret ("Microsoft Entra authentication and authorization error codes").
 */
describe('emulator: applications and their secrets', () => {
	const h: Harness = sharedHarness({}, { signIn: true });
	const demo = DEMO_APPLICATIONS[DEMO_APP.clientId];
	const tokenStatus = async (clientId: string, secret: string) => {
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: secret,
			scope: 'https://graph.microsoft.com/.default',
		});
		const response = await fetch(`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
			method: 'POST',
			body: form,
		});
		return { status: response.status, body: (await response.json()) as { error_codes?: number[] } };
	};

	test('lists the demo apps with their secrets (never the value) and certificates (no key in a listing)', async () => {
		const answer = await h.get(
			'/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials',
		);
		expect(answer.status).toBe(200);
		const app = answer.body.value.find(
			(entry: { appId: string }) => entry.appId === DEMO_APP.clientId,
		);
		expect(app).toMatchObject({ id: demo.objectId, displayName: demo.displayName });
		expect(app.passwordCredentials).toEqual([
			expect.objectContaining({
				keyId: demo.secretKeyId,
				displayName: 'n8n',
				hint: DEMO_APP.clientSecret.slice(0, 3),
				secretText: null,
			}),
		]);
		expect(app.keyCredentials).toEqual([
			expect.objectContaining({ type: 'AsymmetricX509Cert', usage: 'Verify', key: null }),
		]);
		expect(JSON.stringify(answer.body)).not.toContain(DEMO_APP.clientSecret);
	});

	test('by object id, by appId, $filter on appId; 404 for an unknown one', async () => {
		expect((await h.get(`/applications/${demo.objectId}`)).body.appId).toBe(DEMO_APP.clientId);
		const byAppId = await h.get(
			`/applications(appId='${DEMO_APP.clientId}')?$select=id,keyCredentials`,
		);
		expect(byAppId.body.id).toBe(demo.objectId);
		expect(byAppId.body.keyCredentials[0].key).toEqual(expect.any(String));
		const filtered = await h.get(
			`/applications?$filter=${encodeURIComponent(`appId eq '${READONLY_APP.clientId}'`)}`,
		);
		expect(filtered.body.value.map((entry: { appId: string }) => entry.appId)).toEqual([
			READONLY_APP.clientId,
		]);
		expect((await h.get('/applications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
	});

	test('pages with $top and @odata.nextLink through a large tenant', async () => {
		h.emu.admin.seedApplications(1200);
		const first = await h.get('/applications?$top=999&$select=id');
		expect(first.body.value).toHaveLength(999);
		const second = await h.get(first.body['@odata.nextLink']);
		expect(second.body.value).toHaveLength(1203 - 999);
		expect(second.body['@odata.nextLink']).toBeUndefined();
	});

	test('addPassword: the new secret is in this answer only and works at the token endpoint; removePassword ends it', async () => {
		const added = await h.graph('POST', `/applications/${demo.objectId}/addPassword`, {
			body: { passwordCredential: { displayName: 'rotated' } },
		});
		expect(added.status).toBe(200);
		const { secretText, keyId, endDateTime, startDateTime } = added.body;
		expect(secretText).toEqual(expect.any(String));
		// Two years by default.
		expect(Date.parse(endDateTime) - Date.parse(startDateTime)).toBe(2 * 365 * 86_400_000);
		expect((await tokenStatus(DEMO_APP.clientId, secretText)).status).toBe(200);
		const listed = await h.get(`/applications/${demo.objectId}?$select=passwordCredentials`);
		expect(listed.body.passwordCredentials).toHaveLength(2);
		expect(JSON.stringify(listed.body)).not.toContain(secretText);

		const removed = await h.graph('POST', `/applications/${demo.objectId}/removePassword`, {
			body: { keyId },
		});
		expect(removed.status).toBe(204);
		expect((await tokenStatus(DEMO_APP.clientId, secretText)).body.error_codes).toEqual([7000215]);
		expect(
			(await h.graph('POST', `/applications/${demo.objectId}/removePassword`, { body: { keyId } }))
				.status,
		).toBe(400);
	});

	test('a secret past its end date: AADSTS7000222', async () => {
		expect((await tokenStatus(READONLY_APP.clientId, READONLY_APP.clientSecret)).status).toBe(200);
		h.emu.admin.advanceClock(21 * 86_400);
		expect(
			(await tokenStatus(READONLY_APP.clientId, READONLY_APP.clientSecret)).body.error_codes,
		).toEqual([7000222]);
	});

	test('reading needs Application.Read.All (or more), writing Application.ReadWrite.All', async () => {
		const readOnly = await appToken(h.emu.url, READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect((await h.graph('GET', '/applications', { token: readOnly })).status).toBe(403);
		expect(
			(
				await h.graph('POST', `/applications/${demo.objectId}/addPassword`, {
					token: readOnly,
					body: {},
				})
			).status,
		).toBe(403);
	});
});
