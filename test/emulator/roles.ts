import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import { badRequest, GraphError, notFound, unsupportedQuery } from './errors';
import type { UserRecord } from './model';
import type { Node } from './odata';
import { evaluate, parseFilter } from './odata';
import { requirePermission } from './permissions';
import type { Directory } from './store';
import { requireObject } from './validate';

/**
 * Directory role management (Microsoft Entra RBAC provider), from Microsoft's v1.0 pages:
 * - List roleDefinitions (`GET /roleManagement/directory/roleDefinitions`): "supports the $filter
 *   (eq and in operators) OData query parameter on id, displayName, and isBuiltIn"; no paging.
 *   RoleManagement.Read.Directory (least), Directory.Read.All, RoleManagement.ReadWrite.Directory,
 *   Directory.ReadWrite.All. Built-in roles: id = templateId.
 * - List unifiedRoleAssignments (`GET /roleManagement/directory/roleAssignments`): `$filter`
 *   (examples on principalId and roleDefinitionId), `$expand` (principal, roleDefinition), `$select`.
 *   RoleManagement.Read.Directory (least) ... Directory.ReadWrite.All.
 * - Create unifiedRoleAssignment (`POST .../roleAssignments`, 201): roleDefinitionId, principalId,
 *   directoryScopeId (`/` = tenant-wide) or appScopeId. RoleManagement.ReadWrite.Directory only.
 *   Assignment ids are the two GUIDs' bytes, base64url, plus `-1` (the page's examples:
 *   `lAPpYvVpN0KRkAEhdxReE...-1` for role 62e90394-...).
 * - Delete unifiedRoleAssignment (`DELETE .../roleAssignments/{id}`, 204).
 * An assignment that exists already answers 400 `Request_BadRequest` "A conflicting object with one
 * or more of the specified property values is present in the directory." (Graph's directory
 * conflict message). Only tenant-wide scope (`/`) is modelled: administrative units and app scopes
 * are not.
 */

interface RoleDefinition {
	id: string;
	displayName: string;
	description: string;
	isBuiltIn: boolean;
	isEnabled: boolean;
	templateId: string;
	version: string;
	rolePermissions: Array<{ allowedResourceActions: string[]; condition: null }>;
}

interface RoleAssignment {
	id: string;
	principalId: string;
	roleDefinitionId: string;
	directoryScopeId: string;
}

/** Built-in roles with their fixed template ids (Microsoft Entra built-in roles reference). */
const BUILT_IN: Array<[string, string, string]> = [
	[
		'62e90394-69f5-4237-9190-012177145e10',
		'Global Administrator',
		'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
	],
	[
		'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
		'Global Reader',
		'Can read everything that a Global Administrator can, but not update anything.',
	],
	[
		'fe930be7-5e62-47db-91af-98c3a49a38b1',
		'User Administrator',
		'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
	],
	[
		'729827e3-9c14-49f7-bb1b-9608f156bbb8',
		'Helpdesk Administrator',
		'Can reset passwords for non-administrators and Helpdesk Administrators.',
	],
	[
		'fdd7a751-b60b-444a-984c-02652fe8fa1c',
		'Groups Administrator',
		'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.',
	],
	[
		'4d6ac14f-3453-41d0-bef9-a3e0c569773a',
		'License Administrator',
		'Can manage product licenses on users and groups.',
	],
	[
		'c4e39bd9-1100-46d3-8c65-fb160da0071f',
		'Authentication Administrator',
		'Can access to view, set and reset authentication method information for any non-admin user.',
	],
	[
		'7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
		'Privileged Authentication Administrator',
		'Can access to view, set and reset authentication method information for any user (admin or non-admin).',
	],
	[
		'e8611ab8-c189-46e8-94e1-60213ab1f814',
		'Privileged Role Administrator',
		'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
	],
	[
		'194ae4cb-b126-40b2-bd5b-6091b380977d',
		'Security Administrator',
		'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
	],
	[
		'5d6b6bb7-de71-4623-b4af-96380a352509',
		'Security Reader',
		'Can read security information and reports in Microsoft Entra ID and Office 365.',
	],
	['4a5d8f65-41da-4de4-8968-e035b65339cf', 'Reports Reader', 'Can read sign-in and audit reports.'],
	[
		'b0f54661-2d74-4c50-afa3-1ec803f12efe',
		'Billing Administrator',
		'Can perform common billing related tasks like updating payment information.',
	],
	[
		'f023fd81-a637-4b56-95fd-791ac0226033',
		'Service Support Administrator',
		'Can read service health information and manage support tickets.',
	],
	[
		'9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
		'Application Administrator',
		'Can create and manage all aspects of app registrations and enterprise apps.',
	],
	[
		'158c047a-c907-4556-b7ef-446551a6b5f7',
		'Cloud Application Administrator',
		'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
	],
	[
		'29232cdf-9323-42fd-ade2-1d097af3e4de',
		'Exchange Administrator',
		'Can manage all aspects of the Exchange product.',
	],
	[
		'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
		'SharePoint Administrator',
		'Can manage all aspects of the SharePoint service.',
	],
	[
		'69091246-20e8-4a56-aa4d-066075b2a7a8',
		'Teams Administrator',
		'Can manage the Microsoft Teams service.',
	],
	[
		'88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
		'Directory Readers',
		'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
	],
];

export const ROLE_IDS = {
	globalAdministrator: BUILT_IN[0][0],
	globalReader: BUILT_IN[1][0],
	userAdministrator: BUILT_IN[2][0],
	helpdeskAdministrator: BUILT_IN[3][0],
	groupsAdministrator: BUILT_IN[4][0],
	licenseAdministrator: BUILT_IN[5][0],
};

const DEFINITIONS: RoleDefinition[] = BUILT_IN.map(([id, displayName, description]) => ({
	id,
	displayName,
	description,
	isBuiltIn: true,
	isEnabled: true,
	templateId: id,
	version: '1',
	rolePermissions: [
		{
			allowedResourceActions: [
				`microsoft.directory/${displayName.replace(/\W/g, '').toLowerCase()}/allTasks`,
			],
			condition: null,
		},
	],
}));

const READ = [
	'RoleManagement.Read.Directory',
	'RoleManagement.Read.All',
	'Directory.Read.All',
	'RoleManagement.ReadWrite.Directory',
	'Directory.ReadWrite.All',
];
const WRITE = ['RoleManagement.ReadWrite.Directory'];

interface RoleState {
	assignments: Map<string, RoleAssignment>;
}

const states = new WeakMap<Directory, RoleState>();

/** Guid bytes in .NET order (first three groups little-endian), as Graph builds assignment ids. */
function guidBytes(guid: string): Buffer {
	const hex = guid.replace(/-/g, '');
	const bytes = Buffer.from(hex, 'hex');
	const swap = (start: number, length: number) => bytes.subarray(start, start + length).reverse();
	swap(0, 4);
	swap(4, 2);
	swap(6, 2);
	return bytes;
}

export function assignmentId(roleDefinitionId: string, principalId: string): string {
	return `${Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString('base64url')}-1`;
}

function definitionById(id: string): RoleDefinition | undefined {
	return DEFINITIONS.find(
		(definition) =>
			definition.id === id.toLowerCase() || definition.templateId === id.toLowerCase(),
	);
}

/** The seeded users' `roles` (role names) become assignments the first time roles are read. */
function stateOf(directory: Directory): RoleState {
	let state = states.get(directory);
	if (!state) {
		state = { assignments: new Map() };
		states.set(directory, state);
		for (const user of directory.users.values()) {
			for (const name of user.roles) {
				const definition = DEFINITIONS.find((candidate) => candidate.displayName === name);
				if (definition) addAssignment(state, definition.id, user.id);
			}
		}
	}
	return state;
}

function addAssignment(
	state: RoleState,
	roleDefinitionId: string,
	principalId: string,
): RoleAssignment {
	const assignment = {
		id: assignmentId(roleDefinitionId, principalId),
		principalId,
		roleDefinitionId,
		directoryScopeId: '/',
	};
	state.assignments.set(assignment.id, assignment);
	return assignment;
}

/** Keeps the user's role names (the "app-only cannot delete admin-role holders" rule) in step. */
function syncRoles(directory: Directory, state: RoleState, principalId: string): void {
	const user = directory.users.get(principalId) as UserRecord | undefined;
	if (!user) return;
	user.roles = [...state.assignments.values()]
		.filter((assignment) => assignment.principalId === principalId)
		.map(
			(assignment) =>
				definitionById(assignment.roleDefinitionId)?.displayName ?? assignment.roleDefinitionId,
		);
}

/** Admin: a principal's assignments, as stored. */
export function assignmentsOf(directory: Directory, principalId: string): RoleAssignment[] {
	return [...stateOf(directory).assignments.values()]
		.filter((assignment) => assignment.principalId === principalId)
		.map((a) => ({ ...a }));
}

// ---- $filter / $select on role objects -----------------------------------------------------------

function checkFilterNode(node: Node, allowed: Set<string>, resource: string): void {
	const operandOk = (operand: { t: string; path?: string }) =>
		operand.t === 'lit' || allowed.has(String(operand.path));
	switch (node.t) {
		case 'and':
		case 'or':
			checkFilterNode(node.a, allowed, resource);
			checkFilterNode(node.b, allowed, resource);
			return;
		case 'cmp':
			if (node.op === 'eq' && operandOk(node.left) && operandOk(node.right)) return;
			break;
		case 'in':
			if (operandOk(node.left)) return;
			break;
	}
	throw unsupportedQuery(
		`Unsupported or invalid query filter clause specified for resource '${resource}'.`,
	);
}

function filtered<T extends object>(
	ctx: Ctx,
	items: T[],
	allowed: Set<string>,
	resource: string,
): T[] {
	const raw = ctx.query.get('$filter');
	if (!raw) return items;
	const { node } = parseFilter(raw);
	checkFilterNode(node, allowed, resource);
	return items.filter((item) => evaluate(node, item as Record<string, unknown>));
}

function selected(
	ctx: Ctx,
	object: Record<string, unknown>,
	known: string[],
	expands: string[] = [],
): Record<string, unknown> {
	const raw = ctx.query.get('$select');
	if (!raw) return object;
	const names = raw
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	for (const name of names)
		if (!known.includes(name))
			throw badRequest(
				`Could not find a property named '${name}' on type 'microsoft.graph.${known === DEFINITION_PROPS ? 'unifiedRoleDefinition' : 'unifiedRoleAssignment'}'.`,
			);
	const out: Record<string, unknown> = { id: object.id };
	for (const name of [...names, ...expands]) if (name in object) out[name] = object[name];
	return out;
}

const DEFINITION_PROPS = [
	'id',
	'displayName',
	'description',
	'isBuiltIn',
	'isEnabled',
	'templateId',
	'version',
	'rolePermissions',
	'resourceScopes',
];
// unifiedRoleAssignment in the v1.0 metadata (`resourceScope` is beta only).
const ASSIGNMENT_PROPS = [
	'id',
	'principalId',
	'roleDefinitionId',
	'directoryScopeId',
	'appScopeId',
	'condition',
	'principalOrganizationId',
];

function definitionView(definition: RoleDefinition): Record<string, unknown> {
	return {
		...definition,
		resourceScopes: ['/'],
		rolePermissions: definition.rolePermissions.map((p) => ({ ...p })),
	};
}

// ---- handlers ------------------------------------------------------------------------------------

function listDefinitions(ctx: Ctx): Reply {
	requirePermission(ctx, READ);
	const items = filtered(
		ctx,
		DEFINITIONS.map(definitionView),
		new Set(['id', 'displayName', 'isBuiltIn', 'templateId']),
		'unifiedRoleDefinition',
	);
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#roleManagement/directory/roleDefinitions`,
		value: items.map((item) => selected(ctx, item, DEFINITION_PROPS)),
	});
}

function expandAssignment(ctx: Ctx, env: Env, assignment: RoleAssignment): Record<string, unknown> {
	const out: Record<string, unknown> = { ...assignment };
	const expand = (ctx.query.get('$expand') ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	for (const relation of expand) {
		if (relation === 'roleDefinition') {
			const definition = definitionById(assignment.roleDefinitionId);
			out.roleDefinition = definition ? definitionView(definition) : null;
		} else if (relation === 'principal') {
			const principal = env.directory.findObject(assignment.principalId);
			out.principal = principal
				? {
						'@odata.type': `#microsoft.graph.${principal.kind === 'users' ? 'user' : 'group'}`,
						id: principal.id,
						displayName: principal.props.displayName ?? null,
						userPrincipalName: principal.props.userPrincipalName ?? undefined,
					}
				: null;
		} else {
			throw badRequest(
				`Could not find a property named '${relation}' on type 'microsoft.graph.unifiedRoleAssignment'.`,
			);
		}
	}
	return selected(ctx, out, ASSIGNMENT_PROPS, expand);
}

function listAssignments(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, READ);
	const all = [...stateOf(env.directory).assignments.values()];
	const items = filtered(
		ctx,
		all,
		new Set(['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId']),
		'unifiedRoleAssignment',
	);
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#roleManagement/directory/roleAssignments`,
		value: items.map((assignment) => expandAssignment(ctx, env, assignment)),
	});
}

function createAssignment(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, WRITE);
	const body = requireObject(ctx.body);
	const { principalId, roleDefinitionId, directoryScopeId, appScopeId } = body;
	if (typeof roleDefinitionId !== 'string' || !roleDefinitionId)
		throw badRequest("Property 'roleDefinitionId' is required.");
	if (typeof principalId !== 'string' || !principalId)
		throw badRequest("Property 'principalId' is required.");
	if (directoryScopeId === undefined && appScopeId === undefined)
		throw badRequest('Either directoryScopeId or appScopeId must be set.');
	if (directoryScopeId !== '/' || appScopeId !== undefined) {
		throw badRequest('Only the tenant-wide directory scope "/" is supported by this emulator.');
	}
	const definition = definitionById(roleDefinitionId);
	if (!definition) throw notFound(roleDefinitionId);
	const principal = env.directory.findObject(principalId);
	if (!principal || (principal.kind === 'groups' && principal.props.isAssignableToRole !== true)) {
		if (principal)
			throw badRequest('Only role-assignable groups can be assigned a directory role.');
		throw notFound(principalId);
	}
	const state = stateOf(env.directory);
	const id = assignmentId(definition.id, principal.id);
	if (state.assignments.has(id)) {
		throw badRequest(
			'A conflicting object with one or more of the specified property values is present in the directory.',
		);
	}
	const assignment = addAssignment(state, definition.id, principal.id);
	syncRoles(env.directory, state, principal.id);
	env.directory.version++;
	return json(201, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity`,
		...assignment,
	});
}

function deleteAssignment(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, WRITE);
	const state = stateOf(env.directory);
	const assignment = state.assignments.get(id);
	if (!assignment) throw notFound(id);
	state.assignments.delete(id);
	syncRoles(env.directory, state, assignment.principalId);
	env.directory.version++;
	return noContent();
}

/** `/roleManagement/directory/...` */
export function routeRoleManagement(ctx: Ctx, env: Env, s: string[]): Reply {
	if (s[1] !== 'directory')
		throw new GraphError(
			400,
			'BadRequest',
			`Resource not found for the segment '${s[1] ?? 'roleManagement'}'.`,
		);
	const m = ctx.method;
	const collection = s[2];
	const notAllowed = () =>
		new GraphError(
			405,
			'Request_BadRequest',
			'The specified HTTP method is not allowed for the request target.',
		);
	if (collection === 'roleDefinitions') {
		if (s.length === 3 && m === 'GET') return listDefinitions(ctx);
		if (s.length === 4 && m === 'GET') {
			requirePermission(ctx, READ);
			const definition = definitionById(s[3]);
			if (!definition) throw notFound(s[3]);
			return json(200, {
				'@odata.context': `${ctx.base}/v1.0/$metadata#roleManagement/directory/roleDefinitions/$entity`,
				...selected(ctx, definitionView(definition), DEFINITION_PROPS),
			});
		}
		throw notAllowed();
	}
	if (collection === 'roleAssignments') {
		if (s.length === 3 && m === 'GET') return listAssignments(ctx, env);
		if (s.length === 3 && m === 'POST') return createAssignment(ctx, env);
		if (s.length === 4 && m === 'GET') {
			requirePermission(ctx, READ);
			const assignment = stateOf(env.directory).assignments.get(s[3]);
			if (!assignment) throw notFound(s[3]);
			return json(200, {
				'@odata.context': `${ctx.base}/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity`,
				...expandAssignment(ctx, env, assignment),
			});
		}
		if (s.length === 4 && m === 'DELETE') return deleteAssignment(ctx, env, s[3]);
		throw notAllowed();
	}
	throw new GraphError(
		400,
		'BadRequest',
		`Resource not found for the segment '${collection ?? 'directory'}'.`,
	);
}
