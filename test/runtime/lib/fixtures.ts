/**
 * The demo credential and the example workflows imported by `npm start` and run by `npm run demo`
 * (and reused by the end-to-end suites). Ids are fixed so that re-imports update instead of duplicate.
 */
import {
	DEMO_APP,
	DEMO_DOMAIN,
	DEMO_GROUPS,
	DEMO_TENANT_ID,
	SKUS,
} from '../../emulator/demo-tenant';
import type { CredentialExport, ExecutionRun } from './n8n';
import { nodeItems } from './n8n';

export const ENTRA_NODE = 'n8n-nodes-entra-id.microsoftEntraId';
export const ENTRA_TRIGGER = 'n8n-nodes-entra-id.microsoftEntraIdTrigger';
export const CREDENTIAL_TYPE = 'microsoftEntraIdOAuth2Api';

export const DEMO_CREDENTIAL = {
	id: 'entraDemoTenant01',
	name: 'Microsoft Entra ID (demo tenant)',
};
export const ONBOARDING_WORKFLOW_ID = 'entraDemoOnboard1';
export const TRIGGER_WORKFLOW_ID = 'entraDemoNewUser1';
export const INSTANT_WORKFLOW_ID = 'entraDemoInstant1';
export const ENTRA_INSTANT_TRIGGER = 'n8n-nodes-entra-id.microsoftEntraIdInstantTrigger';

/** Stored credential data for the custom cloud pointing at an emulator. */
export function emulatorCredentialData(
	emulatorUrl: string,
	app: { clientId: string; clientSecret: string },
	grantType: 'clientCredentials' | 'authorizationCode',
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		grantType,
		cloud: 'custom',
		graphBaseUrl: emulatorUrl,
		loginBaseUrl: emulatorUrl,
		tenantId: DEMO_TENANT_ID,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		...extra,
	};
}

/** "Microsoft Entra ID (demo tenant)": app-only (client credentials) against the emulator's demo tenant. */
export function demoCredential(emulatorUrl: string): CredentialExport {
	return {
		...DEMO_CREDENTIAL,
		type: CREDENTIAL_TYPE,
		data: emulatorCredentialData(emulatorUrl, DEMO_APP, 'clientCredentials'),
	};
}

export const credentialRef = (credential: { id: string; name: string } = DEMO_CREDENTIAL) => ({
	[CREDENTIAL_TYPE]: { id: credential.id, name: credential.name },
});

/** A node of a workflow: position computed from its index. */
function node(
	index: number,
	name: string,
	type: string,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) {
	return {
		id: `node-${index}-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion: type === ENTRA_NODE ? 1.1 : 1,
		position: [index * 240, 0],
		parameters,
		...extra,
	};
}

function chain(names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * "Entra ID demo: onboard a user": a new hire (Code node) is created as a user, added to two groups
 * (All Company and Marketing) and given an Office 365 E3 license.
 */
export function onboardingWorkflow(credential = DEMO_CREDENTIAL): object {
	const newHire = [
		'const suffix = Date.now().toString(36);',
		'return [{ json: {',
		"  displayName: 'Ada Lovelace',",
		`  userPrincipalName: \`ada.lovelace.\${suffix}@${DEMO_DOMAIN}\`,`,
		"  givenName: 'Ada', surname: 'Lovelace', jobTitle: 'Analyst', department: 'Marketing', usageLocation: 'GB',",
		'} }];',
	].join('\n');
	const nodes = [
		node(0, 'Start', 'n8n-nodes-base.manualTrigger', {}),
		node(1, 'New hire', 'n8n-nodes-base.code', { jsCode: newHire }, { typeVersion: 2 }),
		node(
			2,
			'Create user',
			ENTRA_NODE,
			{
				resource: 'user',
				operation: 'create',
				displayName: '={{ $json.displayName }}',
				userPrincipalName: '={{ $json.userPrincipalName }}',
				password: 'Welcome-2-Contoso!',
				forceChangePasswordNextSignIn: true,
				additionalFields: {
					givenName: '={{ $json.givenName }}',
					surname: '={{ $json.surname }}',
					jobTitle: '={{ $json.jobTitle }}',
					department: '={{ $json.department }}',
					usageLocation: '={{ $json.usageLocation }}',
				},
			},
			{ credentials: credentialRef(credential) },
		),
		node(
			3,
			'Groups to join',
			'n8n-nodes-base.code',
			{
				jsCode: [
					`const groups = ${JSON.stringify([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.marketing.id])};`,
					'return groups.map((groupId) => ({ json: { userId: $input.first().json.id, groupId } }));',
				].join('\n'),
			},
			{ typeVersion: 2 },
		),
		node(
			4,
			'Add to groups',
			ENTRA_NODE,
			{
				resource: 'user',
				operation: 'addToGroup',
				user: byId('={{ $json.userId }}'),
				group: byId('={{ $json.groupId }}'),
			},
			{ credentials: credentialRef(credential) },
		),
		node(
			5,
			'Assign license',
			ENTRA_NODE,
			{
				resource: 'license',
				operation: 'addOrRemove',
				user: byId("={{ $('Create user').first().json.id }}"),
				skuIds: [SKUS.E3],
			},
			{ credentials: credentialRef(credential), executeOnce: true },
		),
	];
	return {
		id: ONBOARDING_WORKFLOW_ID,
		name: 'Entra ID demo: onboard a user',
		active: false,
		nodes,
		connections: chain(nodes.map((n) => n.name)),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** "Entra ID demo: new users": the trigger on new users, polling every minute, active. */
export function newUsersTriggerWorkflow(
	credential = DEMO_CREDENTIAL,
	cronExpression?: string,
): object {
	const pollTimes = cronExpression
		? { item: [{ mode: 'custom', cronExpression }] }
		: { item: [{ mode: 'everyMinute' }] };
	const trigger = node(
		0,
		'New user',
		ENTRA_TRIGGER,
		{ pollTimes, event: 'userCreated', options: {} },
		{ credentials: credentialRef(credential) },
	);
	return welcomeWorkflow(TRIGGER_WORKFLOW_ID, 'Entra ID demo: new users', trigger);
}

/**
 * "Entra ID demo: new users (instant)": the instant trigger on new users, active. The emulator
 * subscribes n8n's webhook URL and notifies it within a second of a change (http is accepted because
 * the credential uses the custom endpoint; Microsoft Graph itself requires HTTPS).
 */
export function instantTriggerWorkflow(credential = DEMO_CREDENTIAL): object {
	const trigger = node(
		0,
		'New user (instant)',
		ENTRA_INSTANT_TRIGGER,
		{ event: 'userCreated', options: {} },
		{ credentials: credentialRef(credential), webhookId: '3f9d6a52-7c1e-4b0a-9e2d-5a6b7c8d9e0f' },
	);
	return welcomeWorkflow(INSTANT_WORKFLOW_ID, 'Entra ID demo: new users (instant)', trigger);
}

/** A demo trigger workflow: the given new-user trigger, then a Set node that writes a welcome line. */
function welcomeWorkflow(id: string, name: string, trigger: ReturnType<typeof node>): object {
	const nodes = [
		trigger,
		node(
			1,
			'Welcome message',
			'n8n-nodes-base.set',
			{
				mode: 'manual',
				assignments: {
					assignments: [
						{
							id: 'welcome',
							name: 'welcome',
							type: 'string',
							value: '=Welcome, {{ $json.displayName }} ({{ $json.userPrincipalName }})!',
						},
					],
				},
				includeOtherFields: true,
				options: {},
			},
			{ typeVersion: 3.4 },
		),
	];
	return {
		id,
		name,
		active: false,
		nodes,
		connections: chain(nodes.map((n) => n.name)),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export function demoWorkflows(): object[] {
	return [onboardingWorkflow(), newUsersTriggerWorkflow(), instantTriggerWorkflow()];
}

/** An app-only token for the demo app, straight from the emulator's token endpoint. */
export async function demoAppToken(emulatorUrl: string): Promise<string> {
	const response = await fetch(`${emulatorUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			client_secret: DEMO_APP.clientSecret,
			scope: `${emulatorUrl}/.default`,
		}),
	});
	const body = (await response.json()) as { access_token?: string };
	if (!response.ok || !body.access_token)
		throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
	return body.access_token;
}

/** GET on the emulator's Graph as the demo app. */
export async function graphGet(emulatorUrl: string, path: string, token?: string): Promise<any> {
	const response = await fetch(`${emulatorUrl}/v1.0${path}`, {
		headers: { authorization: `Bearer ${token ?? (await demoAppToken(emulatorUrl))}` },
	});
	const body = await response.json();
	if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
	return body;
}

/** What the onboarding run did, read back from the tenant (not from n8n's output). */
export async function describeOnboarding(
	emulatorUrl: string,
	run: ExecutionRun,
): Promise<string[]> {
	const [created] = nodeItems(run, 'Create user');
	const token = await demoAppToken(emulatorUrl);
	const user = await graphGet(
		emulatorUrl,
		`/users/${created.id}?$select=id,displayName,userPrincipalName,usageLocation`,
		token,
	);
	const memberOf = await graphGet(
		emulatorUrl,
		`/users/${created.id}/memberOf?$select=displayName`,
		token,
	);
	const licences = await graphGet(emulatorUrl, `/users/${created.id}/licenseDetails`, token);
	return [
		`tenant now has ${user.displayName} <${user.userPrincipalName}> (id ${user.id}, usage location ${user.usageLocation})`,
		`member of: ${(memberOf.value as Array<{ displayName: string }>).map((g) => g.displayName).join(', ')}`,
		`licenses: ${(licences.value as Array<{ skuPartNumber?: string; skuId: string }>).map((l) => l.skuPartNumber ?? l.skuId).join(', ')}`,
	];
}
