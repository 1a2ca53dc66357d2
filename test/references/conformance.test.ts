import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { accountFields, profileFields } from '../../nodes/MicrosoftEntraId/actions/user/fields';
import { MicrosoftEntraId } from '../../nodes/MicrosoftEntraId/MicrosoftEntraId.node';
import {
	GROUP_IDENTITY_PROPERTIES,
	GROUP_PROPERTIES,
	GROUP_SIMPLIFIED_PROPERTIES,
	MEMBER_PROPERTIES,
	MEMBER_SIMPLIFIED_PROPERTIES,
	USER_IDENTITY_PROPERTIES,
	USER_PROPERTIES,
	USER_SIMPLIFIED_PROPERTIES,
} from '../../nodes/shared/properties';
import type { RunningEmulator } from '../emulator';
import {
	DEMO_APP,
	DEMO_GROUPS,
	DEMO_TENANT_ID,
	DEMO_USERS,
	SKUS,
	startEmulator,
} from '../emulator';
import { ROLE_IDS } from '../emulator/roles';
import { appToken } from '../emulator/helpers';
import { FaultServer, credentials } from '../faults/servers';
import type { SeenRequest } from '../faults/servers';
import { executeNode } from '../harness';
import { GRAPH_TYPES_VERSION, check, checkObject, hasProperty, propertyType } from './graph-types';

/*
 * Conformance with Microsoft's published Graph v1.0 types, @microsoft/microsoft-graph-types
 * (generated from the v1.0 metadata; the version is recorded below and checked, so an upgrade is
 * a deliberate change): every property the package selects, sorts, filters and writes, and every
 * property the emulator answers for the entity types it serves, exists on the type with a
 * compatible JSON type. A property that is missing is either removed from our code or listed in
 * DOCUMENTED_ELSEWHERE with the page that documents it.
 */

const RECORDED_VERSION = '2.43.1';

/**
 * Properties used although the typings lack them, with the page documenting them. Both are
 * declared on the group entity of the v1.0 metadata (shared/graph-metadata, cleanMetadata) and
 * returned by Graph by default; the typings generated from it leave them out.
 */
const DOCUMENTED_ELSEWHERE: Record<string, string> = {
	'Group.resourceBehaviorOptions': 'https://learn.microsoft.com/graph/group-set-options',
	'Group.resourceProvisioningOptions': 'https://learn.microsoft.com/graph/group-set-options',
};

/** Problems minus the properties of DOCUMENTED_ELSEWHERE. */
const undocumented = (problems: string[]): string[] =>
	problems.filter(
		(problem) =>
			!Object.keys(DOCUMENTED_ELSEWHERE).some((key) =>
				problem.endsWith(`.${key.split('.')[1]}: not a property of ${key.split('.')[0]}`),
			),
	);

const missing = (type: string, properties: Iterable<string>): string[] =>
	[...properties]
		.filter(
			(property) => !hasProperty(type, property) && !DOCUMENTED_ELSEWHERE[`${type}.${property}`],
		)
		.map((property) => `${type}.${property}`);

test(`checks against @microsoft/microsoft-graph-types ${RECORDED_VERSION}`, () => {
	expect(GRAPH_TYPES_VERSION).toBe(RECORDED_VERSION);
});

describe('the package, statically: property lists and parameters', () => {
	it('selects only properties of user and group (every Output choice)', () => {
		expect(
			missing(
				'User',
				new Set([...USER_PROPERTIES, ...USER_IDENTITY_PROPERTIES, ...USER_SIMPLIFIED_PROPERTIES]),
			),
		).toEqual([]);
		expect(
			missing(
				'Group',
				new Set([
					...GROUP_PROPERTIES,
					...GROUP_IDENTITY_PROPERTIES,
					...GROUP_SIMPLIFIED_PROPERTIES,
				]),
			),
		).toEqual([]);
	});

	it('selects member properties that exist on some member type, and per type on that type', () => {
		const types = ['User', 'Group', 'Device', 'OrgContact', 'ServicePrincipal'];
		expect(
			MEMBER_PROPERTIES.filter((property) => !types.some((type) => hasProperty(type, property))),
		).toEqual([]);
		const typeOf: Record<string, string[]> = {
			all: types,
			users: ['User'],
			groups: ['Group'],
			devices: ['Device'],
		};
		for (const [cast, properties] of Object.entries(MEMBER_SIMPLIFIED_PROPERTIES)) {
			expect([
				cast,
				properties.filter((property) => !typeOf[cast].some((type) => hasProperty(type, property))),
			]).toEqual([cast, []]);
		}
	});

	it('writes user fields that are user properties (password and its flag go into passwordProfile)', () => {
		const names = [...profileFields, ...accountFields].map((field) => field.name);
		const special = new Set(['password', 'forceChangePasswordNextSignIn', 'manager']);
		expect(
			missing(
				'User',
				names.filter((name) => !special.has(name)),
			),
		).toEqual([]);
		expect(missing('PasswordProfile', ['password', 'forceChangePasswordNextSignIn'])).toEqual([]);
		expect(hasProperty('User', 'passwordProfile') && hasProperty('User', 'manager')).toBe(true);
	});

	it('sorts by properties of the listed type (every Order By option of every resource)', () => {
		const byResource = new Map<string, Set<string>>();
		const visit = (
			properties: Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>,
			resources: string[],
		) => {
			for (const property of properties) {
				const shown =
					((property as INodeProperties).displayOptions?.show?.resource as string[] | undefined) ??
					resources;
				if (
					(property as INodeProperties).name === 'orderBy' &&
					(property as INodeProperties).options
				) {
					for (const resource of shown) {
						const set = byResource.get(resource) ?? new Set<string>();
						for (const option of (property as INodeProperties).options as INodePropertyOptions[])
							set.add(String(option.value));
						byResource.set(resource, set);
					}
				}
				const nested =
					(property as INodeProperties).options ?? (property as INodePropertyCollection).values;
				if (Array.isArray(nested)) visit(nested as INodeProperties[], shown);
			}
		};
		visit(new MicrosoftEntraId().description.properties, []);
		expect([...byResource.keys()].sort()).toEqual(expect.arrayContaining(['group', 'user']));
		// deleted items are listed per type (microsoft.graph.user or microsoft.graph.group)
		const typeOf: Record<string, string[]> = {
			user: ['User'],
			group: ['Group'],
			guest: ['User'],
			deletedItem: ['User', 'Group'],
		};
		for (const [resource, properties] of byResource) {
			const types = typeOf[resource] ?? [`no type for ${resource}`];
			expect([resource, types.flatMap((type) => missing(type, properties))]).toEqual([
				resource,
				[],
			]);
		}
	});
});

// ---- the package, as it runs: every request it sends, through a recording proxy ----------------

/** The entity type a request path addresses (for $select, $orderby, $filter and the body). */
function typeOfPath(path: string): string | undefined {
	const rules: Array<[RegExp, string]> = [
		[
			/^\/users\/[^/]+\/authentication\/temporaryAccessPassMethods/,
			'TemporaryAccessPassAuthenticationMethod',
		],
		[/^\/users\/[^/]+\/licenseDetails/, 'LicenseDetails'],
		[
			/^\/users\/[^/]+\/(manager|directReports|memberOf|transitiveMemberOf)(\/microsoft\.graph\.(user|group))?$/,
			'DirectoryObject',
		],
		[
			/^\/users\/[^/]+\/(assignLicense|revokeSignInSessions|checkMemberGroups|getMemberGroups|manager\/\$ref)/,
			'',
		],
		[/^\/users(\/delta(\(\))?|\/[^/]+)?$/, 'User'],
		[
			/^\/groups\/[^/]+\/(members|owners|transitiveMembers)(\/\$ref|\/[^/]+\/\$ref)?/,
			'DirectoryObject',
		],
		[/^\/groups(\/delta(\(\))?|\/[^/]+)?$/, 'Group'],
		[/^\/directory\/deletedItems\/microsoft\.graph\.user/, 'User'],
		[/^\/directory\/deletedItems\/microsoft\.graph\.group/, 'Group'],
		[/^\/directory\/deletedItems\/[^/]+(\/restore)?$/, 'DirectoryObject'],
		[/^\/directoryObjects/, 'DirectoryObject'],
		[/^\/subscribedSkus/, 'SubscribedSku'],
		[/^\/invitations/, 'Invitation'],
		[/^\/roleManagement\/directory\/roleAssignments/, 'UnifiedRoleAssignment'],
		[/^\/roleManagement\/directory\/roleDefinitions/, 'UnifiedRoleDefinition'],
		[
			/^\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations/,
			'TemporaryAccessPassAuthenticationMethodConfiguration',
		],
		[/^\/organization/, 'Organization'],
	];
	return rules.find(([pattern]) => pattern.test(path))?.[1];
}

/** Property names in a $filter: identifiers before an operator or inside a function call. */
function filterProperties(filter: string): string[] {
	const withoutStrings = filter.replace(/'(?:[^']|'')*'/g, "''");
	const names = new Set<string>();
	for (const match of withoutStrings.matchAll(/\b([A-Za-z][\w/]*)\s+(?:eq|ne|gt|ge|lt|le|in)\b/g))
		names.add(match[1]);
	for (const match of withoutStrings.matchAll(
		/\b(?:startswith|endswith|contains)\(\s*([A-Za-z][\w/]*)\s*,/gi,
	))
		names.add(match[1]);
	for (const match of withoutStrings.matchAll(/\b([A-Za-z]\w*)\/(?:any|all)\(/g))
		names.add(match[1]);
	return [...names].map((name) => name.split('/')[0]);
}

interface Sent {
	method: string;
	path: string;
	query: URLSearchParams;
	body: unknown;
}

function unpack(request: SeenRequest): Sent[] {
	const url = new URL(request.url, 'http://x');
	const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
	const body = request.body ? JSON.parse(request.body) : undefined;
	if (path === '/$batch') {
		return (body.requests as Array<{ method: string; url: string; body?: unknown }>).flatMap(
			(sub) => {
				const inner = new URL(sub.url.startsWith('/') ? sub.url : `/${sub.url}`, 'http://x');
				return [
					{
						method: sub.method,
						path: decodeURIComponent(inner.pathname),
						query: inner.searchParams,
						body: sub.body,
					},
				];
			},
		);
	}
	return [{ method: request.method, path, query: url.searchParams, body }];
}

/** Problems of one request: query options and body against the addressed type. */
function requestProblems(sent: Sent): string[] {
	const type = typeOfPath(sent.path);
	const where = `${sent.method} ${sent.path}`;
	if (type === undefined)
		return [`${where}: no entity type known for this path (add it to typeOfPath)`];
	const problems: string[] = [];
	const named = (property: string) =>
		type === 'DirectoryObject'
			? ['User', 'Group', 'Device'].some((t) => hasProperty(t, property))
			: hasProperty(type, property);
	const select = sent.query.get('$select');
	for (const property of select ? select.split(',') : [])
		if (!named(property.trim())) problems.push(`${where}: $select ${property} not on ${type}`);
	const orderby = sent.query.get('$orderby');
	for (const clause of orderby ? orderby.split(',') : []) {
		const property = clause.trim().split(/\s+/)[0];
		if (!named(property)) problems.push(`${where}: $orderby ${property} not on ${type}`);
	}
	const filter = sent.query.get('$filter');
	for (const property of filter ? filterProperties(filter) : [])
		if (!named(property)) problems.push(`${where}: $filter ${property} not on ${type}`);
	if (sent.body && typeof sent.body === 'object' && type && type !== 'DirectoryObject')
		problems.push(...undocumented(checkObject(sent.body, type, where)));
	if (sent.path.endsWith('/assignLicense')) {
		const { addLicenses } = sent.body as { addLicenses: unknown[] };
		problems.push(
			...addLicenses.flatMap((license, index) =>
				checkObject(license, 'AssignedLicense', `${where}.addLicenses[${index}]`),
			),
		);
	}
	return problems;
}

describe('the package, as it runs: every request body and query option of its operations', () => {
	let emulator: RunningEmulator;
	let proxy: FaultServer;
	beforeAll(async () => {
		emulator = await startEmulator();
		proxy = await new FaultServer(emulator.url).start();
	});
	afterAll(async () => {
		await proxy.stop();
		await emulator.stop();
	});

	const node = new MicrosoftEntraId();
	const run = (parameters: Record<string, unknown>, items = [{ json: {} }]) =>
		executeNode(node, parameters as never, items, {
			credentials: credentials(proxy, DEMO_APP, DEMO_TENANT_ID),
			continueOnFail: true,
		});
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const all = { returnAll: true };

	it('sends only properties of the addressed type', async () => {
		const upn = `conformance.${Date.now()}@contoso.com`;
		await run({
			resource: 'user',
			operation: 'create',
			displayName: 'Conformance User',
			userPrincipalName: upn,
			password: 'Str0ng!Passw0rd',
			forceChangePasswordNextSignIn: true,
			accountEnabled: true,
			additionalFields: {
				givenName: 'Con',
				surname: 'Formance',
				department: 'QA',
				jobTitle: 'Tester',
				employeeId: 'E-1',
				employeeType: 'Employee',
				employeeHireDate: '2024-03-01',
				usageLocation: 'US',
				city: 'Oslo',
				country: 'Norway',
				state: 'Oslo',
				streetAddress: 'Street 1',
				postalCode: '0150',
				officeLocation: 'B1',
				companyName: 'Contoso',
				mobilePhone: '+47 1',
				businessPhones: '+47 2',
				preferredLanguage: 'nb-NO',
				manager: byId(DEMO_USERS.megan.id),
			},
		});
		await run({
			resource: 'user',
			operation: 'update',
			user: byId(DEMO_USERS.alex.id),
			updateFields: {
				jobTitle: 'Changed',
				password: 'Str0ng!Passw0rd2',
				forceChangePasswordNextSignIn: false,
			},
		});
		await run({ resource: 'user', operation: 'getAll', ...all, output: 'all' });
		await run({
			resource: 'user',
			operation: 'getAll',
			...all,
			filters: { accountEnabled: true },
			sort: { orderBy: 'displayName' },
		});
		await run({
			resource: 'user',
			operation: 'get',
			user: byId(DEMO_USERS.alex.id),
			output: 'all',
		});
		await run({ resource: 'user', operation: 'getManager', user: byId(DEMO_USERS.alex.id) });
		await run({ resource: 'user', operation: 'getGroups', user: byId(DEMO_USERS.alex.id), ...all });
		await run({
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(DEMO_USERS.megan.id),
			...all,
		});
		await run({ resource: 'user', operation: 'disable', user: byId(DEMO_USERS.lee.id) });
		await run({
			resource: 'group',
			operation: 'create',
			groupType: 'security',
			displayName: 'Conformance Group',
			mailNickname: `conformance${Date.now()}`,
			additionalFields: { description: 'd', visibility: 'Private', memberIds: DEMO_USERS.alex.id },
		});
		await run({
			resource: 'group',
			operation: 'update',
			group: byId(DEMO_GROUPS.marketing.id),
			updateFields: { description: 'New', displayName: 'Marketing 2' },
		});
		await run({ resource: 'group', operation: 'getAll', ...all, output: 'all' });
		await run({
			resource: 'group',
			operation: 'getMembers',
			group: byId(DEMO_GROUPS.itAdmins.id),
			...all,
			output: 'all',
		});
		await run({
			resource: 'group',
			operation: 'getOwners',
			group: byId(DEMO_GROUPS.itAdmins.id),
			...all,
		});
		await run({
			resource: 'authenticationMethod',
			operation: 'createTemporaryAccessPass',
			user: byId(DEMO_USERS.alex.id),
			options: { lifetimeInMinutes: 120, isUsableOnce: true },
		});
		await run({
			resource: 'authenticationMethod',
			operation: 'getTemporaryAccessPasses',
			user: byId(DEMO_USERS.alex.id),
		});
		await run({
			resource: 'guest',
			operation: 'invite',
			email: 'guest.conformance@fabrikam.com',
			inviteRedirectUrl: 'https://myapplications.microsoft.com',
			additionalFields: { customizedMessageBody: 'Hi', ccRecipient: 'sponsor@contoso.com' },
		});
		await run({
			resource: 'directoryRole',
			operation: 'assignToUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
		});
		await run({
			resource: 'directoryRole',
			operation: 'getUserAssignments',
			user: byId(DEMO_USERS.alex.id),
		});
		await run({ resource: 'directoryRole', operation: 'getRoleDefinitions', ...all });
		await run({
			resource: 'license',
			operation: 'addOrRemove',
			user: byId(DEMO_USERS.isaiah.id),
			skuIds: [SKUS.E3],
			disabledPlans: [],
		});
		await run({ resource: 'license', operation: 'getAvailable', ...all });
		await run({
			resource: 'license',
			operation: 'getUserLicenses',
			user: byId(DEMO_USERS.alex.id),
		});
		await run({ resource: 'deletedItem', operation: 'getAll', objectType: 'user', ...all });

		const sent = proxy.graphRequests.flatMap(unpack);
		// the runs reached Graph for each resource
		for (const type of [
			'User',
			'Group',
			'TemporaryAccessPassAuthenticationMethod',
			'Invitation',
			'UnifiedRoleAssignment',
			'SubscribedSku',
		]) {
			expect([type, sent.some((request) => typeOfPath(request.path) === type)]).toEqual([
				type,
				true,
			]);
		}
		expect(
			sent.some(
				(request) =>
					request.method === 'POST' &&
					request.path === '/users' &&
					(request.body as Record<string, unknown>).employeeHireDate,
			),
		).toBe(true);
		expect(sent.flatMap(requestProblems)).toEqual([]);
	});
});

// ---- the emulator: every property it answers for the entity types it serves ---------------------

describe('the emulator: its answers against the v1.0 types', () => {
	let emulator: RunningEmulator;
	let token: string;
	beforeAll(async () => {
		emulator = await startEmulator();
		emulator.admin.setPremium(true);
		token = await appToken(emulator.url);
	});
	afterAll(() => emulator.stop());

	const graph = async (method: string, path: string, body?: unknown): Promise<any> => {
		const headers: Record<string, string> = {
			Authorization: `Bearer ${token}`,
			ConsistencyLevel: 'eventual',
		};
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const answer = await fetch(`${emulator.url}/v1.0${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await answer.text();
		if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	};
	const items = (page: { value: unknown[] }, type: string, where: string) =>
		page.value.flatMap((item, index) =>
			undocumented(checkObject(item, type, `${where}[${index}]`)),
		);

	it('users: every property the emulator keeps, on a full $select, a list, delta and a deleted user', async () => {
		const select = [...new Set([...USER_PROPERTIES, 'signInActivity'])].join(',');
		const problems = [
			...checkObject(
				await graph('GET', `/users/${DEMO_USERS.alex.id}?$select=${select}`),
				'User',
				'user',
			),
			...checkObject(await graph('GET', `/users/${DEMO_USERS.alex.id}`), 'User', 'user(default)'),
			...items(
				await graph('GET', `/users?$select=${USER_PROPERTIES.join(',')}&$top=999`),
				'User',
				'users',
			),
			...items(
				await graph('GET', `/users/delta?$select=${USER_PROPERTIES.join(',')}`),
				'User',
				'users/delta',
			),
			...checkObject(
				await graph('GET', `/users/${DEMO_USERS.alex.id}/manager`),
				'DirectoryObject',
				'manager',
			),
			...items(
				await graph('GET', `/users/${DEMO_USERS.megan.id}/directReports`),
				'DirectoryObject',
				'directReports',
			),
			...items(
				await graph('GET', `/users/${DEMO_USERS.alex.id}/memberOf`),
				'DirectoryObject',
				'memberOf',
			),
			...items(
				await graph('GET', `/users/${DEMO_USERS.alex.id}/licenseDetails`),
				'LicenseDetails',
				'licenseDetails',
			),
		];
		await graph('DELETE', `/users/${DEMO_USERS.diego.id}`);
		problems.push(
			...items(
				await graph(
					'GET',
					`/directory/deletedItems/microsoft.graph.user?$select=${USER_PROPERTIES.join(',')}`,
				),
				'User',
				'deletedItems/user',
			),
		);
		expect(undocumented(problems)).toEqual([]);
	});

	it('groups and members (users, groups, devices), owners, delta with members@delta', async () => {
		const problems = [
			...checkObject(
				await graph(
					'GET',
					`/groups/${DEMO_GROUPS.allCompany.id}?$select=${GROUP_PROPERTIES.join(',')}`,
				),
				'Group',
				'group',
			),
			...items(
				await graph('GET', `/groups?$select=${GROUP_PROPERTIES.join(',')}`),
				'Group',
				'groups',
			),
			...items(
				await graph('GET', `/groups/${DEMO_GROUPS.itAdmins.id}/members`),
				'DirectoryObject',
				'members',
			),
			...items(
				await graph('GET', `/groups/${DEMO_GROUPS.engineering.id}/transitiveMembers`),
				'DirectoryObject',
				'transitiveMembers',
			),
			...items(
				await graph('GET', `/groups/${DEMO_GROUPS.itAdmins.id}/owners`),
				'DirectoryObject',
				'owners',
			),
			...items(
				await graph(
					'GET',
					`/groups/delta?$select=${GROUP_PROPERTIES.filter((p) => p !== 'members').join(',')},members`,
				),
				'Group',
				'groups/delta',
			),
		];
		expect(undocumented(problems)).toEqual([]);
	});

	it('licences, organization, roles, Temporary Access Pass and its policy, invitations', async () => {
		const tap = await graph(
			'POST',
			`/users/${DEMO_USERS.megan.id}/authentication/temporaryAccessPassMethods`,
			{},
		);
		const problems = [
			...items(await graph('GET', '/subscribedSkus'), 'SubscribedSku', 'subscribedSkus'),
			...items(await graph('GET', '/organization'), 'Organization', 'organization'),
			...items(
				await graph('GET', '/roleManagement/directory/roleDefinitions'),
				'UnifiedRoleDefinition',
				'roleDefinitions',
			),
			...items(
				await graph(
					'GET',
					'/roleManagement/directory/roleAssignments?$expand=roleDefinition,principal',
				),
				'UnifiedRoleAssignment',
				'roleAssignments',
			),
			...checkObject(tap, 'TemporaryAccessPassAuthenticationMethod', 'temporaryAccessPassMethod'),
			...items(
				await graph(
					'GET',
					`/users/${DEMO_USERS.megan.id}/authentication/temporaryAccessPassMethods`,
				),
				'TemporaryAccessPassAuthenticationMethod',
				'temporaryAccessPassMethods',
			),
			...checkObject(
				await graph('POST', '/invitations', {
					invitedUserEmailAddress: 'someone@fabrikam.com',
					inviteRedirectUrl: 'https://myapplications.microsoft.com',
					sendInvitationMessage: true,
					invitedUserMessageInfo: {
						customizedMessageBody: 'Hi',
						ccRecipients: [{ emailAddress: { address: 'a@contoso.com' } }],
					},
				}),
				'Invitation',
				'invitation',
			),
		];
		expect(undocumented(problems)).toEqual([]);
	});

	it('the checker itself finds an unknown property and a wrong type', () => {
		expect(checkObject({ id: 'x', resourceScope: '/' }, 'UnifiedRoleAssignment', 'a')).toEqual([
			'a.resourceScope: not a property of UnifiedRoleAssignment',
		]);
		expect(check(5, propertyType('User', 'displayName')!, 'u.displayName')).toEqual([
			'u.displayName: expected a string, got 5',
		]);
		expect(check('x', propertyType('User', 'businessPhones')!, 'u.businessPhones')).toEqual([
			'u.businessPhones: expected an array, got "x"',
		]);
		expect(
			checkObject(
				{ '@odata.type': '#microsoft.graph.device', operatingSystem: 'Windows' },
				'DirectoryObject',
				'm',
			),
		).toEqual([]);
	});
});
