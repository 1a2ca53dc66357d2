import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBoolean, invalidInput, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { checkDateTime, explainTapFailure, tapFields, tapPath } from './tap';

const properties: INodeProperties[] = [
	userLocator('user', 'User', {
		description: 'The user who gets the pass (replaces a pass the user already has)',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: "Unset options take the tenant's Temporary Access Pass policy defaults",
		options: [
			{
				displayName: 'Lifetime (Minutes)',
				name: 'lifetimeInMinutes',
				type: 'number',
				typeOptions: { minValue: 10, maxValue: 43200 },
				default: 60,
				description:
					"How long the pass is valid, from the start time: 10 to 43,200 minutes (30 days), within the tenant policy's minimum and maximum",
			},
			{
				displayName: 'One-Time Use',
				name: 'isUsableOnce',
				type: 'boolean',
				default: true,
				description:
					'Whether the pass works for one sign-in only (a reusable pass needs a policy that allows it)',
			},
			{
				displayName: 'Start Time',
				name: 'startDateTime',
				type: 'dateTime',
				default: '',
				description: 'When the pass becomes usable (default: at once)',
			},
		],
	},
];

export const description = showFor(
	'authenticationMethod',
	['createTemporaryAccessPass'],
	properties,
);

function requestBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as unknown;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Options" must be an object`,
			'Set the options in the collection',
		);
	}
	const options = raw as IDataObject;
	const body: IDataObject = {};
	if (options.lifetimeInMinutes !== undefined && options.lifetimeInMinutes !== '') {
		const lifetime = Number(options.lifetimeInMinutes);
		if (!Number.isInteger(lifetime) || lifetime < 10 || lifetime > 43200) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"Lifetime (Minutes)" must be a whole number from 10 to 43200`,
				'Graph accepts 10 minutes to 30 days; the tenant policy may narrow that',
			);
		}
		body.lifetimeInMinutes = lifetime;
	}
	if (options.isUsableOnce !== undefined)
		body.isUsableOnce = checkBoolean(ctx, options.isUsableOnce, itemIndex, 'One-Time Use');
	if (options.startDateTime !== undefined && options.startDateTime !== '') {
		body.startDateTime = checkDateTime(ctx, options.startDateTime, itemIndex, 'Start Time');
	}
	return body;
}

export const mode = 'batch';

interface NewPass {
	user: string;
	body: IDataObject;
}

export function check(this: IExecuteFunctions, itemIndex: number): NewPass {
	return { user: userIdFrom(this, 'user', itemIndex, 'User'), body: requestBody(this, itemIndex) };
}

/**
 * POST /users/{id|upn}/authentication/temporaryAccessPassMethods (201), `$batch` when bulk is on.
 * The pass is in this output only: Graph never returns it again, and it is never put in an error.
 */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, body }: NewPass,
): BatchRequest {
	return { method: 'POST', path: tapPath(user), body, subject: { kind: 'User', id: user } };
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user }: NewPass,
	result: BatchResult,
): IDataObject {
	return {
		userId: user,
		...tapFields(result.body),
		temporaryAccessPass: result.body?.temporaryAccessPass ?? null,
	};
}

/** Graph's refusal, explained: the policy that must allow passes, or the pass a user already has. */
export function recover(
	this: IExecuteFunctions,
	graph: GraphClient,
	input: NewPass,
	result: BatchResult,
): never {
	throw explainTapFailure(result);
}
