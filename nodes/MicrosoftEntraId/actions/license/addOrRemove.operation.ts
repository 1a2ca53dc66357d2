import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { productOf } from '../../../shared/skus';
import { outputObject } from '../../helpers/output';
import { checkText, invalidInput, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { graphErrorInfo, isGuid, isUsageLocation, userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Licenses to Add',
		name: 'skuIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSkus' },
		default: [],
		description:
			'The tenant\'s licenses (SKUs) to assign. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Disabled Service Plans',
		name: 'disabledPlans',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getServicePlans', loadOptionsDependsOn: ['skuIds'] },
		default: [],
		description:
			'Service plans of the licenses to add that the user should not get. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Licenses to Remove',
		name: 'removeSkuIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSkus' },
		default: [],
		description:
			'The licenses (SKUs) to take away from the user. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Usage Location If Missing',
				name: 'usageLocation',
				type: 'string',
				default: '',
				placeholder: 'e.g. US',
				description:
					'Two-letter country code to set on a user who has no usage location yet (Graph assigns licenses only to users with one). A usage location already set is kept.',
			},
		],
	},
];

export const description = showFor('license', ['addOrRemove'], properties);

interface Assignment {
	user: string;
	addLicenses: Array<{ skuId: string; disabledPlans: string[] }>;
	removeLicenses: string[];
	usageLocation: string;
}

interface SkuPlans {
	skuId: string;
	servicePlans?: Array<{ servicePlanId: string }>;
}

/** A list of SKU or plan ids: an array (from an expression or the list) or comma-separated text. */
function guidList(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string[] {
	const value = ctx.getNodeParameter(name, itemIndex, []) as unknown;
	const entries = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]+/)
			: [value];
	const ids: string[] = [];
	for (const entry of entries) {
		const id = checkText(ctx, entry, itemIndex, label, false);
		if (!id) continue;
		if (!isGuid(id)) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"${label}" holds "${id}", which is not an ID`,
				'Pick from the list, or use the GUIDs (skuId / servicePlanId) that "Get Available Licenses" returns',
			);
		}
		if (!ids.some((known) => known.toLowerCase() === id.toLowerCase())) ids.push(id);
	}
	return ids;
}

/** An item's assignment, with the disabled plans still to place under their licences. */
type CheckedAssignment = Assignment & { disabledPlans: string[] };

export function check(this: IExecuteFunctions, itemIndex: number): CheckedAssignment {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const add = guidList(this, 'skuIds', itemIndex, 'Licenses to Add');
	const disabledPlans = guidList(this, 'disabledPlans', itemIndex, 'Disabled Service Plans');
	const removeLicenses = guidList(this, 'removeSkuIds', itemIndex, 'Licenses to Remove');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const usageLocation = checkText(
		this,
		options.usageLocation,
		itemIndex,
		'Usage Location If Missing',
		false,
	).toUpperCase();
	if (!add.length && !removeLicenses.length) {
		throw invalidInput(
			this,
			itemIndex,
			`No license to add or remove`,
			'Choose at least one license under "Licenses to Add" or "Licenses to Remove"',
		);
	}
	const both = add.find((id) =>
		removeLicenses.some((other) => other.toLowerCase() === id.toLowerCase()),
	);
	if (both) {
		throw invalidInput(
			this,
			itemIndex,
			`License ${both} is both added and removed`,
			'Keep it in only one of "Licenses to Add" and "Licenses to Remove"',
		);
	}
	if (disabledPlans.length && !add.length) {
		throw invalidInput(
			this,
			itemIndex,
			`"Disabled Service Plans" needs a license to add`,
			'Choose the license the plans belong to under "Licenses to Add", or clear "Disabled Service Plans"',
		);
	}
	if (usageLocation && !isUsageLocation(usageLocation)) {
		throw invalidInput(
			this,
			itemIndex,
			`"Usage Location If Missing" is not a two-letter country code: "${usageLocation}"`,
			'Use an ISO 3166 code such as US, GB or DE',
		);
	}
	return {
		user,
		addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })),
		removeLicenses,
		usageLocation,
		disabledPlans,
	};
}

/**
 * Puts each disabled plan under the added licence it belongs to. With one licence to add, all plans
 * go to it; with several, the tenant's subscribedSkus say which licence holds which plan.
 */
function placeDisabledPlans(
	ctx: IExecuteFunctions,
	itemIndex: number,
	assignment: Assignment,
	plans: string[],
	skus: SkuPlans[] | undefined,
): void {
	if (!plans.length) return;
	if (assignment.addLicenses.length === 1) {
		assignment.addLicenses[0].disabledPlans = plans;
		return;
	}
	for (const plan of plans) {
		const owners = assignment.addLicenses.filter(({ skuId }) =>
			(skus ?? []).some(
				(sku) =>
					sku.skuId.toLowerCase() === skuId.toLowerCase() &&
					(sku.servicePlans ?? []).some(
						(p) => p.servicePlanId.toLowerCase() === plan.toLowerCase(),
					),
			),
		);
		if (!owners.length) {
			throw invalidInput(
				ctx,
				itemIndex,
				`Service plan ${plan} is not part of any license to add`,
				'Remove it from "Disabled Service Plans", or add the license that contains it',
			);
		}
		for (const owner of owners) owner.disabledPlans.push(plan);
	}
}

function assignRequest(assignment: Assignment): BatchRequest {
	return {
		method: 'POST',
		path: `${userPath(assignment.user)}/assignLicense`,
		body: { addLicenses: assignment.addLicenses, removeLicenses: assignment.removeLicenses },
		subject: { kind: 'User', id: assignment.user },
	};
}

/**
 * After a refused assignment (400) that adds licences: Graph requires a usage location first. The
 * user's state decides: without one, set it when the option gives one (then assign again), or fail
 * saying how to fix it; with one, the refusal had another cause and its error stands.
 */
async function usageLocationRecovery(
	graph: GraphClient,
	assignment: Assignment,
	failure: BatchResult,
	itemIndex: number,
): Promise<IDataObject> {
	const error = failure.error as Error;
	if (graphErrorInfo(error)?.status !== 400 || !assignment.addLicenses.length) throw error;
	const subject = { kind: 'User', id: assignment.user };
	const user = await graph
		.request({
			path: userPath(assignment.user),
			qs: { $select: 'id,usageLocation' },
			itemIndex,
			subject,
		})
		.catch(() => undefined);
	if (!user || user.usageLocation) throw error;
	if (!assignment.usageLocation) {
		throw new NodeOperationError(
			graph.node,
			`User ${assignment.user} has no usage location, and Microsoft Graph assigns licenses only to users with one`,
			{
				itemIndex,
				description:
					'Set "Usage Location If Missing" under Options (a two-letter country code such as US), or set the user\'s usage location first (User > Update)',
			},
		);
	}
	await graph.request({
		method: 'PATCH',
		path: userPath(assignment.user),
		body: { usageLocation: assignment.usageLocation },
		itemIndex,
		subject,
	});
	const assigned = await graph.request({ ...assignRequest(assignment), itemIndex });
	return { ...assigned, usageLocationSet: assignment.usageLocation };
}

/** A licence's skuId with Microsoft's part number and product name, when its licensing table has them. */
function named(skuId: string): IDataObject {
	const product = productOf(skuId);
	return product
		? { skuId, skuPartNumber: product.skuPartNumber, productName: product.productName }
		: { skuId };
}

/**
 * The item's output: the user as Graph returned it, and what this item changed: `addedLicenses`
 * (skuId, part number and product name when known, the disabled plans as sent), `removedLicenses`
 * (skuIds, as before) and `removedLicenseDetails` (the same with part number and product name).
 */
function changeSummary(
	ctx: IExecuteFunctions,
	user: IDataObject,
	assignment: Assignment,
): IDataObject {
	return {
		...outputObject(ctx, user),
		addedLicenses: assignment.addLicenses.map(({ skuId, disabledPlans }) => ({
			...named(skuId),
			disabledPlans,
		})),
		removedLicenses: [...assignment.removeLicenses],
		removedLicenseDetails: assignment.removeLicenses.map(named),
	};
}

export const mode = 'batch';

/** The tenant's licences and their plans, read once when an item's disabled plans must be placed among several licences. */
export async function prepare(
	this: IExecuteFunctions,
	graph: GraphClient,
	assignments: CheckedAssignment[],
): Promise<SkuPlans[] | undefined> {
	if (!assignments.some((entry) => entry.disabledPlans.length && entry.addLicenses.length > 1))
		return undefined;
	return await graph.getAll<SkuPlans>({
		path: '/subscribedSkus',
		qs: { $select: 'skuId,servicePlans' },
	});
}

/**
 * `POST /users/{id}/assignLicense`: one request per item, so many items go through `$batch`.
 * A user without usage location is handled from the user's state (see recover).
 */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	entry: CheckedAssignment,
	itemIndex: number,
	skus: SkuPlans[] | undefined,
): BatchRequest {
	placeDisabledPlans(this, itemIndex, entry, entry.disabledPlans, skus);
	return assignRequest(entry);
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	assignment: Assignment,
	result: BatchResult,
): IDataObject {
	return changeSummary(this, result.body ?? {}, assignment);
}

export async function recover(
	this: IExecuteFunctions,
	graph: GraphClient,
	assignment: Assignment,
	result: BatchResult,
	itemIndex: number,
): Promise<IDataObject> {
	return changeSummary(
		this,
		await usageLocationRecovery(graph, assignment, result, itemIndex),
		assignment,
	);
}
