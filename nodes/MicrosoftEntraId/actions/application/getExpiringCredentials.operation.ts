import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkChoice, checkText, invalidInput } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { escapeODataString, isGuid } from '../../../transport';
import { showFor } from '../common.descriptions';
import { applicationSummary } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Within (Days)',
		name: 'withinDays',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3650 },
		default: 30,
		description:
			'Credentials ending within this many days from now; already ended ones are included too',
	},
	{
		displayName: 'Applications',
		name: 'scope',
		type: 'options',
		default: 'all',
		options: [
			{
				name: 'All Applications',
				value: 'all',
				description: 'Every app registration of the tenant',
			},
			{
				name: 'Chosen Applications',
				value: 'chosen',
				description: 'Only the applications whose application (client) IDs you list',
			},
		],
	},
	{
		displayName: 'Application (Client) IDs',
		name: 'appIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0e7d1c7a-5b1e-4a8e-9d65-7a0b1f9c2d01, 4b2c9e51-8f3d-4b7a-a1e6-2d9c7f0e3b02',
		description: 'Comma-separated application (client) IDs, or an expression giving a list',
		displayOptions: { show: { scope: ['chosen'] } },
	},
	{
		displayName: 'Credential Type',
		name: 'credentialType',
		type: 'options',
		default: 'both',
		options: [
			{ name: 'Secrets and Certificates', value: 'both' },
			{ name: 'Secrets Only', value: 'secret' },
			{ name: 'Certificates Only', value: 'certificate' },
		],
	},
];

export const description = showFor('application', ['getExpiringCredentials'], properties);

interface Input {
	withinDays: number;
	appIds?: string[];
	types: Array<'secret' | 'certificate'>;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	const withinDays = Number(this.getNodeParameter('withinDays', itemIndex, 30));
	if (!Number.isFinite(withinDays) || withinDays < 0 || withinDays > 3650) {
		throw invalidInput(
			this,
			itemIndex,
			`"Within (Days)" must be a number from 0 to 3650`,
			'Enter how many days ahead to look, e.g. 30',
		);
	}
	const scope =
		checkChoice(this, this.getNodeParameter('scope', itemIndex, 'all'), itemIndex, 'Applications', [
			'all',
			'chosen',
		] as const) ?? 'all';
	const type =
		checkChoice(
			this,
			this.getNodeParameter('credentialType', itemIndex, 'both'),
			itemIndex,
			'Credential Type',
			['both', 'secret', 'certificate'] as const,
		) ?? 'both';
	const input: Input = { withinDays, types: type === 'both' ? ['secret', 'certificate'] : [type] };
	if (scope === 'chosen') {
		const appIds = appIdList(this, this.getNodeParameter('appIds', itemIndex, ''), itemIndex);
		const bad = appIds.find((appId) => !isGuid(appId));
		if (bad !== undefined)
			throw invalidInput(
				this,
				itemIndex,
				`"Application (Client) IDs" has a value that is not a GUID: "${bad}"`,
				"List application (client) IDs from the app registrations' Overview pages",
			);
		if (!appIds.length)
			throw invalidInput(
				this,
				itemIndex,
				'"Application (Client) IDs" is empty',
				'List at least one application (client) ID, or choose "All Applications"',
			);
		input.appIds = appIds;
	}
	return input;
}

/** Comma-, space- or semicolon-separated text, or a list; duplicates dropped. */
function appIdList(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string[] {
	const label = 'Application (Client) IDs';
	let entries: unknown[] = [];
	if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string') entries = value.split(/[\s,;]+/);
	else if (value !== undefined && value !== null)
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" must be a list of IDs`,
			'Enter IDs separated by commas, or an expression that gives an array of IDs',
		);
	const ids = entries
		.map((entry) => checkText(ctx, entry, itemIndex, label, false))
		.filter(Boolean);
	return [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
}

/** Graph's largest page of applications (List applications: $top up to 999). */
const PAGE = 999;
/** Values per `appId in (...)`: 15, the most expressions Graph's known issues allow in one directory `$filter` ("query parameter limitations"). */
const IN_LIMIT = 15;
const DAY_MS = 86_400_000;

/** One output per credential: which app, which credential, when it ends and how many days are left. */
function credentialItems(application: IDataObject, input: Input, now: number): IDataObject[] {
	const items: IDataObject[] = [];
	const kinds: Array<['secret' | 'certificate', unknown]> = [
		['secret', application.passwordCredentials],
		['certificate', application.keyCredentials],
	];
	for (const [type, list] of kinds) {
		if (!input.types.includes(type) || !Array.isArray(list)) continue;
		for (const credential of list as IDataObject[]) {
			const end = Date.parse(String(credential.endDateTime ?? ''));
			if (Number.isNaN(end) || end > now + input.withinDays * DAY_MS) continue;
			items.push({
				...applicationSummary(application),
				type,
				keyId: credential.keyId ?? null,
				displayName: credential.displayName ?? null,
				startDateTime: credential.startDateTime ?? null,
				endDateTime: credential.endDateTime,
				daysLeft: Math.floor((end - now) / DAY_MS),
				expired: end <= now,
				...(type === 'secret'
					? { hint: credential.hint ?? null }
					: { usage: credential.usage ?? null }),
			});
		}
	}
	return items.sort(
		(a, b) => Date.parse(String(a.endDateTime)) - Date.parse(String(b.endDateTime)),
	);
}

/** The applications to look at: all (pages of 999), or the chosen ones (`appId in (...)`, 15 per request). */
async function readApplications(
	graph: GraphClient,
	input: Input,
	itemIndex: number,
): Promise<IDataObject[]> {
	const $select = 'id,appId,displayName,passwordCredentials,keyCredentials';
	const subject = { kind: 'Applications' };
	if (!input.appIds)
		return await graph.getAll<IDataObject>({
			path: '/applications',
			qs: { $select, $top: PAGE },
			itemIndex,
			subject,
		});
	const found: IDataObject[] = [];
	for (let start = 0; start < input.appIds.length; start += IN_LIMIT) {
		const chunk = input.appIds.slice(start, start + IN_LIMIT);
		const $filter = `appId in (${chunk.map((appId) => `'${escapeODataString(appId)}'`).join(',')})`;
		found.push(
			...(await graph.getAll<IDataObject>({
				path: '/applications',
				qs: { $select, $filter, $top: PAGE },
				itemIndex,
				subject,
			})),
		);
	}
	return found;
}

/**
 * Secrets and certificates of app registrations that end within N days (or have ended): GET
 * /applications with `$select` of both credential lists (Application.Read.All), at the request
 * floor: ceil(applications / 999) requests for all, ceil(chosen / 15) for chosen ones. One output
 * item per credential, soonest first within each application, all paired with the input item.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	input: Input,
	itemIndex: number,
): Promise<ItemOutput> {
	const now = Date.now();
	const applications = await readApplications(graph, input, itemIndex);
	return applications.flatMap((application) => credentialItems(application, input, now));
}
