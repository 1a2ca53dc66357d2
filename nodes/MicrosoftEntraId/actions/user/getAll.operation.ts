import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_PROPERTIES, USER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { checkBoolean, checkText, invalidInput, selectFor } from '../../helpers/parameters';
import type { QueryValue } from '../../../transport';
import { odataString, searchAny } from '../../../transport';
import { outputFields, showFor, userFieldOptions } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	filtersFor,
	limitFields,
	limitFor,
	rawFilterOption,
	rawFilterParam,
	readListing,
	searchField,
	searchFor,
	sortField,
	sortFor,
} from '../listing';

/** Field filters: property -> label. Text filters use `eq`; Display Name uses `startsWith`. */
const TEXT_FILTERS: Array<[string, string]> = [
	['city', 'City'],
	['companyName', 'Company Name'],
	['country', 'Country'],
	['department', 'Department'],
	['employeeId', 'Employee ID'],
	['jobTitle', 'Job Title'],
	['officeLocation', 'Office Location'],
	['usageLocation', 'Usage Location'],
];

/** The "Filters" options (shown in alphabetical order, as n8n lists collection options). */
const filterOptions: INodeProperties[] = [
	{
		displayName: 'Account Enabled',
		name: 'accountEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether to return only enabled (on) or only disabled (off) accounts',
	},
	{
		displayName: 'Display Name Starts With',
		name: 'displayNameStartsWith',
		type: 'string',
		default: '',
		description: 'Only users whose display name starts with this text',
	},
	rawFilterOption("e.g. startsWith(userPrincipalName, 'a') and userType eq 'Member'"),
	{
		displayName: 'Not Signed In Since',
		name: 'notSignedInSince',
		type: 'dateTime',
		default: '',
		description:
			'Only users whose last sign-in is before this time (stale accounts), from signInActivity: needs AuditLog.Read.All and a Microsoft Entra ID P1 or P2 license. Graph allows no other filter with it. Users who never signed in interactively have no date and are not returned.',
	},
	{
		displayName: 'Sign-In Kind (for Not Signed In Since)',
		name: 'signInKind',
		type: 'options',
		default: 'interactive',
		options: [
			{
				name: 'Interactive',
				value: 'interactive',
				description: 'Last interactive sign-in (signInActivity.lastSignInDateTime) before the time',
			},
			{
				name: 'Interactive and Non-Interactive',
				value: 'any',
				description: 'Also no non-interactive sign-in (a client acting for the user) since then',
			},
		],
	},
	{
		displayName: 'User Type',
		name: 'userType',
		type: 'options',
		default: 'Member',
		options: [
			{ name: 'Guest', value: 'Guest' },
			{ name: 'Member', value: 'Member' },
		],
	},
	...TEXT_FILTERS.map(([name, label]) => filterField(name, label)),
];

const properties: INodeProperties[] = [
	searchField(
		'Words to look for in display name, mail and user principal name (words match at their start)',
	),
	...limitFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [...filterOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	// The user properties Graph sorts by without advanced query parameters (advanced queries docs).
	sortField([
		{ name: 'Display Name', value: 'displayName' },
		{ name: 'User Principal Name', value: 'userPrincipalName' },
	]),
	...outputFields(userFieldOptions),
];

function filterField(name: string, label: string): INodeProperties {
	return {
		displayName: label,
		name,
		type: 'string',
		default: '',
		description: `Only users whose ${label.toLowerCase()} is exactly this`,
	};
}

export const description = showFor('user', ['getAll'], properties);

interface StaleFilter {
	since: string;
	kind: 'interactive' | 'any';
}

/**
 * "Not Signed In Since": `signInActivity/lastSignInDateTime le {time}`. List users: signInActivity
 * "supports $filter (eq, ne, not, ge, le) but not with any other filterable properties", so it
 * stands alone; the non-interactive side is checked on the answer rather than in an undocumented
 * combined filter.
 */
function staleFilter(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
	otherClauses: string[],
): StaleFilter | undefined {
	const value = filters.notSignedInSince;
	if (value === undefined || value === '' || value === null) return undefined;
	const time = typeof value === 'string' ? Date.parse(value) : NaN;
	if (Number.isNaN(time)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Not Signed In Since" is not a date and time: "${String(value)}"`,
			'Enter an ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z',
		);
	}
	if (otherClauses.length) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Not Signed In Since" cannot be combined with other filters`,
			'Microsoft Graph filters sign-in activity on its own: remove the other filters (or filter the results with an IF node)',
		);
	}
	const kind = filters.signInKind === undefined ? 'interactive' : filters.signInKind;
	if (kind !== 'interactive' && kind !== 'any') {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Sign-In Kind" must be "interactive" or "any"`,
			'Pick a sign-in kind from the list',
		);
	}
	return { since: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'), kind };
}

function filterClauses(ctx: IExecuteFunctions, filters: IDataObject, itemIndex: number): string[] {
	const clauses: string[] = [];
	if (filters.accountEnabled !== undefined) {
		clauses.push(
			`accountEnabled eq ${checkBoolean(ctx, filters.accountEnabled, itemIndex, 'Account Enabled')}`,
		);
	}
	const startsWith = checkText(
		ctx,
		filters.displayNameStartsWith,
		itemIndex,
		'Display Name Starts With',
		false,
	);
	if (startsWith) clauses.push(`startsWith(displayName, ${odataString(startsWith)})`);
	for (const [name, label] of [...TEXT_FILTERS, ['userType', 'User Type']]) {
		const value = checkText(ctx, filters[name], itemIndex, label, false);
		if (value) clauses.push(`${name} eq ${odataString(value)}`);
	}
	const rawFilter = rawFilterParam(ctx, filters.filter, itemIndex);
	if (rawFilter) clauses.push(clauses.length ? `(${rawFilter})` : rawFilter);
	return clauses;
}

/** Clauses Graph runs without advanced query parameters: accountEnabled, userType, startsWith(displayName). */
function needsAdvanced(clauses: string[]): boolean {
	return clauses.some(
		(clause) =>
			!/^(accountEnabled eq (true|false)|userType eq '[A-Za-z]+'|startsWith\(displayName, '(?:[^']|'')*'\)|signInActivity\/lastSignInDateTime le [0-9T:-]+Z)$/.test(
				clause,
			),
	);
}

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const limit = limitFor(this, itemIndex);
	const search = searchFor(this, itemIndex);
	const filters = filtersFor(this, itemIndex);
	const clauses = filterClauses(this, filters, itemIndex);
	const stale = staleFilter(this, filters, itemIndex, clauses);
	if (stale) clauses.push(`signInActivity/lastSignInDateTime le ${stale.since}`);
	const orderBy = sortFor(this, itemIndex);
	if (stale && orderBy) {
		// Sorting a filtered list is an advanced query, which Graph does not document for signInActivity.
		throw invalidInput(
			this,
			itemIndex,
			`"Sort" cannot be used with "Not Signed In Since"`,
			'Remove the sort, or sort the results with a Sort node',
		);
	}
	let select = selectFor(this, itemIndex, {
		simplified: USER_SIMPLIFIED_PROPERTIES,
		all: USER_PROPERTIES,
	});
	if (stale && !select.split(',').includes('signInActivity')) select += ',signInActivity';
	const qs: Record<string, QueryValue> = { $select: select };
	if (search) qs.$search = searchAny(['displayName', 'mail', 'userPrincipalName'], search);
	if (clauses.length) qs.$filter = clauses.join(' and ');
	// Filters on several user properties (companyName, officeLocation, employeeId, ...) only work as
	// advanced queries; `$count=true` makes every filtered list one (the transport adds ConsistencyLevel).
	if (needsAdvanced(clauses)) qs.$count = true;
	if (orderBy) qs.$orderby = orderBy;
	// "Not Signed In Since" with both sign-in kinds: non-interactive sign-ins are checked on the answer.
	const before = stale?.kind === 'any' ? stale.since : undefined;
	return {
		path: '/users',
		qs,
		limit,
		subject: { kind: 'User' },
		noNonInteractiveSignInSince: before,
		earlierShape: 'withoutContextAndEtag',
	};
}

export const mode = 'perItem';

/**
 * GET /users with `$search` over display name, mail and UPN, field filters and a raw `$filter`,
 * `$orderby`, following nextLinks until the limit. Search, `$orderby` with `$filter` and some
 * operators make it an advanced query; the transport then adds ConsistencyLevel and `$count`.
 */
export const execute = readListing;
