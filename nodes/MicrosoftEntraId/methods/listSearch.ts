import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { GraphPage, GraphRequest } from '../../transport';
import { GraphClient, searchAny } from '../../transport';

/** How many entries one page of a resource locator list holds. */
const PAGE_SIZE = 50;

/**
 * One page of a list: the first page from `first`, the next ones by following the nextLink that
 * came back as pagination token. With search text every page is an advanced query, the later ones too.
 */
async function listPage(
	context: ILoadOptionsFunctions,
	first: GraphRequest,
	toItem: (entry: IDataObject) => INodeListSearchItems,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const graph = await GraphClient.create(context);
	const request: GraphRequest = paginationToken
		? { url: paginationToken, advanced: Boolean(first.qs?.$search) }
		: first;
	const page = await graph.request<GraphPage>(request);
	return {
		results: (page.value ?? []).map(toItem),
		paginationToken: page['@odata.nextLink'],
	};
}

/** Users by display name, mail or UPN (`$search`), or all users ordered by display name. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	const qs: GraphRequest['qs'] = { $select: 'id,displayName,userPrincipalName', $top: PAGE_SIZE };
	if (text) qs.$search = searchAny(['displayName', 'mail', 'userPrincipalName'], text);
	else qs.$orderby = 'displayName';
	return await listPage(
		this,
		{ path: '/users', qs },
		(user) => ({
			name: user.displayName
				? `${user.displayName as string} (${user.userPrincipalName as string})`
				: (user.userPrincipalName as string),
			value: user.id as string,
		}),
		paginationToken,
	);
}

/** Groups by display name or mail nickname (`$search`), or all groups ordered by display name. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	const qs: GraphRequest['qs'] = { $select: 'id,displayName,mailNickname', $top: PAGE_SIZE };
	if (text) qs.$search = searchAny(['displayName', 'mailNickname'], text);
	else qs.$orderby = 'displayName';
	return await listPage(
		this,
		{ path: '/groups', qs },
		(group) => ({
			name: (group.displayName as string) || (group.id as string),
			value: group.id as string,
		}),
		paginationToken,
	);
}

/**
 * The tenant's directory roles by name. List roleDefinitions has no `$search`, paging or `$orderby`
 * (only `$filter` eq/in on id, displayName, isBuiltIn), so all roles are read and matched here.
 */
export async function searchRoleDefinitions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const graph = await GraphClient.create(this);
	const roles = await graph.getAll<IDataObject>({
		path: '/roleManagement/directory/roleDefinitions',
		qs: { $select: 'id,displayName,isBuiltIn' },
	});
	const text = (filter ?? '').trim().toLowerCase();
	return {
		results: roles
			.filter(
				(role) =>
					!text ||
					String(role.displayName ?? '')
						.toLowerCase()
						.includes(text),
			)
			.sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)))
			.map((role) => ({
				name: `${role.displayName as string}${role.isBuiltIn === false ? ' (custom)' : ''}`,
				value: role.id as string,
			})),
	};
}

/**
 * Deleted users or groups (of the node's "Object Type") by display name, mail or UPN (`$search`), or
 * all of them ordered by display name (List deletedItems; the cast is required).
 */
export async function searchDeletedItems(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	let type = 'user';
	try {
		type = this.getCurrentNodeParameter('objectType') === 'group' ? 'group' : 'user';
	} catch {
		// The parameter is not shown: users.
	}
	const name = type === 'user' ? 'userPrincipalName' : 'mail';
	const qs: GraphRequest['qs'] = {
		$select: `id,displayName,${name},deletedDateTime`,
		$top: PAGE_SIZE,
	};
	if (text)
		qs.$search = searchAny(
			type === 'user' ? ['displayName', 'mail', 'userPrincipalName'] : ['displayName', 'mail'],
			text,
		);
	else qs.$orderby = 'displayName';
	return await listPage(
		this,
		{ path: `/directory/deletedItems/microsoft.graph.${type}`, qs },
		(entry) => ({
			name: `${(entry.displayName as string) || (entry.id as string)}${entry[name] ? ` (${entry[name] as string})` : ''}, deleted ${String(entry.deletedDateTime ?? '').slice(0, 10)}`,
			value: entry.id as string,
		}),
		paginationToken,
	);
}
