import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BIND_LIMIT, addMembersToGroup, addReference, bindList } from '../../helpers/groupMembers';
import { outputObject } from '../../helpers/output';
import { resolveUserIds, resolvedId } from '../../helpers/lookups';
import {
	bulkEnabled,
	checkBoolean,
	checkChoice,
	checkText,
	compact,
	invalidInput,
	objectRefList,
	textParam,
} from '../../helpers/parameters';
import { isGuid } from '../../../transport';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { showFor } from '../common.descriptions';
import { checkDisplayName, checkGroupMailNickname, membershipRuleProcessingField } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Group Type',
		name: 'groupType',
		type: 'options',
		default: 'security',
		options: [
			{
				name: 'Microsoft 365',
				value: 'microsoft365',
				description: 'A group with a shared mailbox, calendar, files and site',
			},
			{ name: 'Security', value: 'security', description: 'A group to grant access to resources' },
		],
	},
	{
		displayName: 'Group Name',
		name: 'displayName',
		type: 'string',
		required: true,
		default: '',
		description: 'The name shown in the address book (at most 256 characters)',
	},
	{
		displayName: 'Mail Nickname',
		name: 'mailNickname',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. sales-team',
		description:
			'The mail alias: only the part before the @, at most 64 ASCII characters, no spaces',
	},
	{
		displayName: 'Membership Type',
		name: 'membershipType',
		type: 'options',
		default: 'assigned',
		options: [
			{
				name: 'Assigned',
				value: 'assigned',
				description: 'Members are added and removed one by one',
			},
			{
				name: 'Dynamic',
				value: 'dynamic',
				description: 'A membership rule decides who is a member',
			},
		],
	},
	{
		displayName: 'Membership Rule',
		name: 'membershipRule',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. user.department -eq "Sales"',
		description:
			'The <a href="https://learn.microsoft.com/en-us/entra/identity/users/groups-dynamic-membership">dynamic membership rule</a>',
		displayOptions: { show: { membershipType: ['dynamic'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Members',
				name: 'memberIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. adele@contoso.com, 02bd9fd6-8f93-4758-87c3-1fb73740a315',
				description:
					'The first members: object IDs (users, groups, devices) or user principal names (looked up first), separated by commas, or an expression giving an array. Any number: 20 relationships go with the create, the rest are added right after.',
			},
			membershipRuleProcessingField,
			{
				displayName: 'Owners',
				name: 'ownerIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. adele@contoso.com',
				description:
					'The owners: object IDs (users or service principals) or user principal names (looked up first), separated by commas, or an expression giving an array',
			},
			{
				displayName: 'Role Assignable',
				name: 'isAssignableToRole',
				type: 'boolean',
				default: false,
				description:
					'Whether Microsoft Entra roles can be assigned to the group. Set only at creation; needs a security-enabled group with assigned membership.',
			},
			{
				displayName: 'Security Enabled',
				name: 'securityEnabled',
				type: 'boolean',
				default: false,
				description:
					'Whether the Microsoft 365 group is also a security group (security groups always are)',
			},
			{
				displayName: 'Visibility',
				name: 'visibility',
				type: 'options',
				default: 'Public',
				options: [
					{
						name: 'Hidden Membership',
						value: 'HiddenMembership',
						description: 'Microsoft 365 groups only',
					},
					{ name: 'Private', value: 'Private' },
					{ name: 'Public', value: 'Public' },
				],
			},
		],
	},
];

export const description = showFor('group', ['create'], properties);

/** An owner or member: its object ID, and the user principal name it was given by, if so. */
interface Added {
	id: string;
	userPrincipalName?: string;
}

/** Where the owners and members go, once every one has an object ID. */
interface Placement {
	owners: Added[];
	members: Added[];
	/** Owners and members bound in the create (20 relationships at most). */
	bindOwners: string[];
	bindMembers: string[];
	/** Members and owners left over after the 20 relationships bound in the create. */
	moreMembers: string[];
	moreOwners: string[];
}

interface CreatePlan {
	body: IDataObject;
	displayName: string;
	/** Owners and members as given: object IDs or user principal names. */
	owners: string[];
	members: string[];
	/** Set when the request is built (the look-ups of user principal names are done by then). */
	placement?: Placement;
}

/** The object IDs of the users given by UPN in any item, looked up once each (prepare). */
type Resolved = Map<string, string | Error>;

/** Reads and checks one item's parameters and builds the create body (Graph docs: Create group). */
export function check(this: IExecuteFunctions, itemIndex: number): CreatePlan {
	const groupType =
		checkChoice(
			this,
			this.getNodeParameter('groupType', itemIndex, 'security'),
			itemIndex,
			'Group Type',
			['security', 'microsoft365'] as const,
		) ?? 'security';
	const displayName = checkDisplayName(
		this,
		this.getNodeParameter('displayName', itemIndex, ''),
		itemIndex,
		true,
	);
	const mailNickname = checkGroupMailNickname(
		this,
		this.getNodeParameter('mailNickname', itemIndex, ''),
		itemIndex,
		true,
	);
	const dynamic =
		(checkChoice(
			this,
			this.getNodeParameter('membershipType', itemIndex, 'assigned'),
			itemIndex,
			'Membership Type',
			['assigned', 'dynamic'] as const,
		) ?? 'assigned') === 'dynamic';
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const unified = groupType === 'microsoft365';

	const securityEnabled = unified
		? checkBoolean(this, fields.securityEnabled ?? false, itemIndex, 'Security Enabled')
		: true;
	const roleAssignable = checkBoolean(
		this,
		fields.isAssignableToRole ?? false,
		itemIndex,
		'Role Assignable',
	);
	const visibility = checkChoice(this, fields.visibility, itemIndex, 'Visibility', [
		'Public',
		'Private',
		'HiddenMembership',
	] as const);
	const members = objectRefList(this, fields.memberIds, itemIndex, 'Members');
	const owners = objectRefList(this, fields.ownerIds, itemIndex, 'Owners');

	const body: IDataObject = compact({
		displayName,
		mailNickname,
		description: checkText(this, fields.description, itemIndex, 'Description', false),
		visibility,
	});
	// Microsoft 365 groups are mail-enabled; security groups made through Graph are not (Create group docs).
	body.mailEnabled = unified;
	body.securityEnabled = securityEnabled;
	body.groupTypes = [...(unified ? ['Unified'] : []), ...(dynamic ? ['DynamicMembership'] : [])];

	if (dynamic) {
		body.membershipRule = textParam(this, 'membershipRule', itemIndex, 'Membership Rule', {
			required: true,
		});
		body.membershipRuleProcessingState =
			checkChoice(
				this,
				fields.membershipRuleProcessingState,
				itemIndex,
				'Membership Rule Processing',
				['On', 'Paused'] as const,
			) ?? 'On';
		if (members.length) {
			throw invalidInput(
				this,
				itemIndex,
				`A dynamic group can't be given members`,
				'Remove "Members" (the membership rule decides the members), or set "Membership Type" to Assigned',
			);
		}
	}
	if (visibility === 'HiddenMembership' && !unified) {
		throw invalidInput(
			this,
			itemIndex,
			`"Visibility" Hidden Membership is only for Microsoft 365 groups`,
			'Choose Public or Private, or set "Group Type" to Microsoft 365',
		);
	}
	if (roleAssignable) {
		if (dynamic) {
			throw invalidInput(
				this,
				itemIndex,
				`A role-assignable group can't have dynamic membership`,
				'Turn off "Role Assignable" or set "Membership Type" to Assigned',
			);
		}
		if (!securityEnabled) {
			throw invalidInput(
				this,
				itemIndex,
				`A role-assignable group must be security-enabled`,
				'Turn on "Security Enabled" or turn off "Role Assignable"',
			);
		}
		body.isAssignableToRole = true;
	}

	return { body, displayName, owners, members };
}

/** Object IDs for the given owners or members (a failed look-up is thrown), each once. */
function resolveRefs(refs: string[], resolved: Resolved): Added[] {
	const seen = new Set<string>();
	const added: Added[] = [];
	for (const ref of refs) {
		const id = isGuid(ref) ? ref : resolvedId(resolved, ref);
		if (seen.has(id.toLowerCase())) continue;
		seen.add(id.toLowerCase());
		added.push(isGuid(ref) ? { id } : { id, userPrincipalName: ref });
	}
	return added;
}

/** Graph takes at most 20 relationships (owners and members together) in the create: owners first. */
function place(plan: CreatePlan, resolved: Resolved): Placement {
	const owners = resolveRefs(plan.owners, resolved);
	const members = resolveRefs(plan.members, resolved);
	const ownerIds = owners.map((owner) => owner.id);
	const memberIds = members.map((member) => member.id);
	const bindOwners = ownerIds.slice(0, BIND_LIMIT);
	const bindMembers = memberIds.slice(0, BIND_LIMIT - bindOwners.length);
	return {
		owners,
		members,
		bindOwners,
		bindMembers,
		moreMembers: memberIds.slice(bindMembers.length),
		moreOwners: ownerIds.slice(bindOwners.length),
	};
}

/** Adds the members and owners that did not fit into the create; names the ones that failed. */
async function addTheRest(
	graph: GraphClient,
	groupId: string,
	plan: CreatePlan & { placement: Placement },
	itemIndex: number,
	bulk: boolean,
): Promise<void> {
	const { moreMembers, moreOwners } = plan.placement;
	const failures: string[] = [];
	if (moreMembers.length) {
		const outcomes = await addMembersToGroup(graph, groupId, moreMembers, {
			bulk,
			itemIndexes: new Map(moreMembers.map((id) => [id.toLowerCase(), itemIndex])),
		});
		for (const [id, outcome] of outcomes) {
			if (outcome instanceof Error) failures.push(`member ${id}: ${outcome.message}`);
		}
	}
	for (const id of moreOwners) {
		try {
			await addReference(graph, groupId, 'owners', id, itemIndex);
		} catch (error) {
			failures.push(`owner ${id}: ${(error as Error).message}`);
		}
	}
	if (failures.length) {
		throw new NodeOperationError(
			graph.node,
			`Group "${plan.displayName}" was created (ID ${groupId}), but ${failures.length} member(s) or owner(s) could not be added: ${failures.join('; ')}`,
			{
				itemIndex,
				description:
					'The group exists now: fix the listed IDs and add them with "Add Members" or "Add Owner" instead of running Create again',
			},
		);
	}
}

export const mode = 'batch';

/**
 * Owners and members given by user principal name are looked up before any group is created:
 * `GET /users/{upn}?$select=id` once per distinct UPN of all items (`$batch` when bulk is on).
 */
export async function prepare(
	this: IExecuteFunctions,
	graph: GraphClient,
	plans: CreatePlan[],
): Promise<Resolved> {
	const upns = plans
		.flatMap((plan) => [...plan.owners, ...plan.members])
		.filter((ref) => !isGuid(ref));
	if (!upns.length) return new Map();
	return await resolveUserIds(this, graph, upns, bulkEnabled(this));
}

/** POST /groups with the first 20 owners and members bound; an item whose look-up failed fails here, before it. */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	plan: CreatePlan,
	itemIndex: number,
	resolved: Resolved,
): BatchRequest {
	const placement = place(plan, resolved);
	plan.placement = placement;
	const body = { ...plan.body };
	if (placement.bindOwners.length)
		body['owners@odata.bind'] = bindList(graph, placement.bindOwners);
	if (placement.bindMembers.length)
		body['members@odata.bind'] = bindList(graph, placement.bindMembers);
	return {
		method: 'POST',
		path: '/groups',
		body,
		subject: { kind: 'Group', id: plan.displayName },
	};
}

/** The group, and who was made owner and member (`addedOwners`, `addedMembers`: id, and the UPN if given by one). */
export async function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	plan: CreatePlan,
	result: BatchResult,
	itemIndex: number,
): Promise<IDataObject> {
	const group = result.body ?? {};
	const placement = plan.placement ?? place(plan, new Map());
	if (placement.moreMembers.length || placement.moreOwners.length) {
		if (typeof group.id !== 'string' || !group.id) {
			throw new NodeOperationError(
				graph.node,
				`Group "${plan.displayName}" may have been created, but Microsoft Graph's answer held no group ID, so the remaining members and owners were not added`,
				{
					itemIndex,
					description:
						'Look the group up by name, then add the rest with "Add Members" or "Add Owner"',
				},
			);
		}
		await addTheRest(graph, group.id, { ...plan, placement }, itemIndex, bulkEnabled(this));
	}
	return {
		...outputObject(this, group),
		addedOwners: placement.owners as unknown as IDataObject[],
		addedMembers: placement.members as unknown as IDataObject[],
	};
}
