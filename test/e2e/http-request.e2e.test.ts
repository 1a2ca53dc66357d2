/**
 * "Custom API Call": n8n offers it on our node and sends the user to the HTTP Request node with our
 * credential as a predefined credential type ("We'll take care of the auth for you"). This proves
 * that promise in a real n8n against the emulator: n8n gets the token through our credential and
 * the call reaches Graph; a URL on another host is refused before any token is sent.
 */
import { DEMO_APP, DEMO_USERS, startEmulator, type RunningEmulator } from '../emulator';
import { CREDENTIAL_TYPE, emulatorCredentialData } from '../runtime/lib/fixtures';
import { nodeItems } from '../runtime/lib/n8n';
import { createSandbox, linearWorkflow, type NodeSpec, type Sandbox } from './harness';

const credential = { id: 'e2eHttpRequest01', name: 'Entra ID for HTTP Request (e2e)' };

function httpRequestNode(name: string, url: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPE,
			options: {},
		},
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

describe("our credential in n8n's HTTP Request node", () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('http-request');
		await sandbox.importCredentials([
			{
				...credential,
				type: CREDENTIAL_TYPE,
				data: emulatorCredentialData(emulator.url, DEMO_APP, 'clientCredentials'),
			},
		]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	it('calls Graph with the token n8n gets through the credential', async () => {
		await sandbox.importWorkflows([
			linearWorkflow('httpGraph', 'HTTP Request with Entra credential', [
				httpRequestNode(
					'Get Adele',
					`${emulator.url}/v1.0/users/${DEMO_USERS.admin.id}?$select=id,displayName`,
				),
			]),
		]);
		emulator.admin.clearLog();
		const result = await sandbox.execute('httpGraph');
		if (!result.ok)
			throw new Error(
				`${result.run?.data.resultData.error?.message}\n${result.stdout.slice(-2000)}`,
			);
		expect(nodeItems(result.run!, 'Get Adele')[0]).toMatchObject({
			id: DEMO_USERS.admin.id,
			displayName: 'Adele Vance',
		});
		const calls = emulator.admin
			.requestLog()
			.map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`);
		expect(calls).toEqual([
			expect.stringMatching(/^POST \/.+\/oauth2\/v2\.0\/token 200$/),
			`GET /v1.0/users/${DEMO_USERS.admin.id} 200`,
		]);
	});

	it('refuses a URL outside the Graph host, before any token is sent', async () => {
		// same emulator, other host name: only the configured Graph host (127.0.0.1) is allowed
		const elsewhere = emulator.url.replace('127.0.0.1', 'localhost');
		await sandbox.importWorkflows([
			linearWorkflow('httpElsewhere', 'HTTP Request elsewhere', [
				httpRequestNode('Elsewhere', `${elsewhere}/v1.0/users`),
			]),
		]);
		emulator.admin.clearLog();
		const result = await sandbox.execute('httpElsewhere');
		expect(result.ok).toBe(false);
		expect(result.run?.data.resultData.error?.message).toMatch(/Domain not allowed/);
		expect(emulator.admin.requestLog()).toEqual([]);
	});
});
