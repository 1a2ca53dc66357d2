import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SubscribedSku } from '../../../shared/skus';
import { assignableUnits, productOf } from '../../../shared/skus';
import type { ItemOutput } from '../../helpers/execution';
import { checkBoolean } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Service Plans',
				name: 'includeServicePlans',
				type: 'boolean',
				default: false,
				description: 'Whether to include the service plans of each license',
			},
			{
				displayName: 'Only With Free Units',
				name: 'onlyAvailable',
				type: 'boolean',
				default: false,
				description: 'Whether to return only licenses with at least one unit left to assign',
			},
		],
	},
];

export const description = showFor('license', ['getAvailable'], properties);

/** A SKU with its unit counts. */
export function withUnits(sku: SubscribedSku, includeServicePlans: boolean): IDataObject {
	const output: IDataObject = {
		skuId: sku.skuId,
		skuPartNumber: sku.skuPartNumber,
		// Microsoft's product name ("Office 365 E3"), when its licensing table has the SKU
		...(productOf(sku.skuId) ? { productName: productOf(sku.skuId)!.productName } : {}),
		capabilityStatus: sku.capabilityStatus,
		appliesTo: sku.appliesTo,
		enabled: sku.prepaidUnits?.enabled ?? 0,
		warning: sku.prepaidUnits?.warning ?? 0,
		consumed: sku.consumedUnits ?? 0,
		available: assignableUnits(sku),
		prepaidUnits: sku.prepaidUnits,
	};
	if (includeServicePlans) output.servicePlans = sku.servicePlans;
	return output;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		includeServicePlans: checkBoolean(
			this,
			options.includeServicePlans ?? false,
			itemIndex,
			'Include Service Plans',
		),
		onlyAvailable: checkBoolean(
			this,
			options.onlyAvailable ?? false,
			itemIndex,
			'Only With Free Units',
		),
	};
}

/** `GET /subscribedSkus`: the tenant's licences with enabled, consumed and available units. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ includeServicePlans, onlyAvailable }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const skus = await graph.getAll<SubscribedSku>({
		path: '/subscribedSkus',
		itemIndex,
		subject: { kind: 'License' },
	});
	return skus
		.map((sku) => withUnits(sku, includeServicePlans))
		.filter((sku) => !onlyAvailable || (sku.available as number) > 0);
}
