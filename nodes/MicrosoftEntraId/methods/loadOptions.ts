import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { SubscribedSku } from '../../shared/skus';
import { assignableUnits, servicePlanLabel, skuLabel } from '../../shared/skus';
import { GraphClient } from '../../transport';

async function subscribedSkus(context: ILoadOptionsFunctions): Promise<SubscribedSku[]> {
	const graph = await GraphClient.create(context);
	return await graph.getAll<SubscribedSku>({
		path: '/subscribedSkus',
		qs: { $select: 'skuId,skuPartNumber,consumedUnits,prepaidUnits,servicePlans' },
	});
}

/** The tenant's licences (subscribedSkus), with how many are still available. */
export async function getSkus(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const skus = await subscribedSkus(this);
	return skus
		.map((sku) => {
			const name = skuLabel(sku);
			const available = `${assignableUnits(sku)} of ${(sku.prepaidUnits?.enabled ?? 0) + (sku.prepaidUnits?.warning ?? 0)} available`;
			// the product name ("Office 365 E3"), with the SKU's part number in the description
			return {
				name,
				value: sku.skuId,
				description: name === sku.skuPartNumber ? available : `${sku.skuPartNumber}, ${available}`,
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The SKU ids chosen in the current node: a "skuIds" list or a single "skuId" (locator or text). */
function chosenSkuIds(context: ILoadOptionsFunctions): string[] {
	const ids: string[] = [];
	for (const name of ['skuIds', 'skuId']) {
		let value: unknown;
		try {
			value = context.getCurrentNodeParameter(name);
		} catch {
			continue;
		}
		const values = Array.isArray(value) ? value : [value];
		for (const entry of values) {
			// A plain id, or a resource locator's { mode, value }.
			const id = entry !== null && typeof entry === 'object' ? (entry as IDataObject).value : entry;
			if (typeof id === 'string' && id) ids.push(id);
		}
	}
	return ids;
}

/**
 * The service plans of the chosen SKUs (all SKUs when none is chosen yet), to pick plans to
 * disable. Plan ids appear once even when several SKUs share them.
 */
export async function getServicePlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const chosen = new Set(chosenSkuIds(this).map((id) => id.toLowerCase()));
	const skus = (await subscribedSkus(this)).filter(
		(sku) => !chosen.size || chosen.has(sku.skuId.toLowerCase()),
	);
	const plans = new Map<string, INodePropertyOptions>();
	for (const sku of skus) {
		for (const plan of sku.servicePlans ?? []) {
			if (plans.has(plan.servicePlanId)) continue;
			const name = servicePlanLabel(plan);
			const where = chosen.size === 1 ? undefined : `In ${skuLabel(sku)}`;
			const code = name === plan.servicePlanName ? undefined : plan.servicePlanName;
			plans.set(plan.servicePlanId, {
				name,
				value: plan.servicePlanId,
				description: [code, where].filter(Boolean).join(', ') || undefined,
			});
		}
	}
	return [...plans.values()].sort((a, b) => a.name.localeCompare(b.name));
}
