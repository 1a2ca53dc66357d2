import type { IDataObject } from 'n8n-workflow';

export interface ServicePlan {
	servicePlanId: string;
	servicePlanName: string;
	appliesTo?: string;
}

/** The parts of a subscribedSku this node reads. */
export interface SubscribedSku extends IDataObject {
	skuId: string;
	skuPartNumber: string;
	consumedUnits?: number;
	prepaidUnits?: { enabled?: number; suspended?: number; warning?: number; lockedOut?: number };
	servicePlans?: ServicePlan[];
}

/**
 * Units that can still be assigned: enabled plus warning (a subscription in its grace period still
 * takes assignments; only suspended and locked-out units cannot be assigned, per Graph's
 * licenseUnitsDetail resource) minus consumed, never below 0.
 */
export function assignableUnits(sku: SubscribedSku): number {
	const units = sku.prepaidUnits ?? {};
	return Math.max(0, (units.enabled ?? 0) + (units.warning ?? 0) - (sku.consumedUnits ?? 0));
}
