import type { Ctx, Reply } from './context';
import { json } from './context';
import type { Env } from './env';
import { badRequest, notFound } from './errors';
import type { AssignedLicense, Sku } from './model';
import { PERMS, requirePermission } from './permissions';
import { findUserOr404, userResponse } from './users';
import { requireObject } from './validate';

/** assignLicense, licenseDetails and subscribedSkus (user: assignLicense, subscribedSku resource). */

function readAdds(raw: unknown): AssignedLicense[] {
	if (!Array.isArray(raw))
		throw badRequest("Property 'addLicenses' is required and must be an array.");
	return raw.map((entry) => {
		const license = requireObject(entry);
		if (typeof license.skuId !== 'string')
			throw badRequest("Property 'skuId' is required for each entry of 'addLicenses'.");
		const disabled = Array.isArray(license.disabledPlans)
			? (license.disabledPlans as string[])
			: [];
		return { skuId: license.skuId.toLowerCase(), disabledPlans: disabled };
	});
}

function readRemoves(raw: unknown): string[] {
	if (!Array.isArray(raw))
		throw badRequest("Property 'removeLicenses' is required and must be an array.");
	return raw.map((skuId) => String(skuId).toLowerCase());
}

/**
 * Units a new assignment can take. licenseUnitsDetail: `enabled` are the units of the active
 * subscription; `warning` units belong to an expired subscription in its grace period ("the customer
 * has a grace period to renew their subscription before it's canceled (moved to a suspended
 * state)"); `suspended` units "can't be assigned"; `lockedOut` units belong to a canceled
 * subscription. The subscription lifecycle page it links ("What if my subscription expires?") gives
 * Expired (warning): "Users have normal access", and only Disabled (suspended): "Admins ... can't
 * assign licenses to users". So enabled and warning units are assignable, suspended and lockedOut
 * are not; consumedUnits ("the number of licenses that have been assigned") counts every assigned
 * unit whatever its state, so it is taken from the assignable total.
 */
export function assignableUnits(sku: Sku): number {
	return Math.max(0, sku.prepaidUnits.enabled + sku.prepaidUnits.warning - sku.consumedUnits);
}

export function assignLicense(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.writeLicenses);
	const user = findUserOr404(env, key);
	const body = requireObject(ctx.body);
	const adds = readAdds(body.addLicenses);
	const removes = readRemoves(body.removeLicenses);
	// Only direct assignments change here; inherited ones follow the group (group-based licensing).
	const current = env.directory.directLicenses(user) as AssignedLicense[];
	const inherited = env.directory.inheritedLicenses.get(user.id) ?? [];
	for (const license of adds) {
		const sku = env.directory.skus.get(license.skuId);
		if (!sku)
			throw badRequest(`License ${license.skuId} does not correspond to a valid company License.`);
		const plans = new Set(sku.servicePlans.map((plan) => plan.servicePlanId));
		const unknownPlan = license.disabledPlans.find((plan) => !plans.has(plan.toLowerCase()));
		if (unknownPlan)
			throw badRequest(`Service plan ${unknownPlan} does not belong to license ${license.skuId}.`);
	}
	if (adds.length && !user.props.usageLocation) {
		throw badRequest('License assignment cannot be done for user with invalid usage location.');
	}
	for (const skuId of removes) {
		if (!env.directory.skus.has(skuId))
			throw badRequest(`License ${skuId} does not correspond to a valid company License.`);
		if (!current.some((license) => license.skuId === skuId)) {
			// A licence held only through a group: "removed from the group, not from the user" (group-based licensing).
			if (inherited.some((license) => license.skuId === skuId))
				throw badRequest(
					'User license is inherited from a group membership and it cannot be removed directly from the user.',
				);
			throw badRequest('User does not have a corresponding license.');
		}
	}
	for (const license of adds) {
		const sku = env.directory.skus.get(license.skuId) as Sku;
		const already = current.some((held) => held.skuId === license.skuId);
		if (!already && assignableUnits(sku) <= 0) {
			throw badRequest(
				`Subscription with SKU ${license.skuId} does not have any available licenses.`,
			);
		}
	}
	const next = current.filter(
		(license) =>
			!removes.includes(license.skuId) && !adds.some((add) => add.skuId === license.skuId),
	);
	env.directory.setLicenses(user, [...next, ...adds]);
	return userResponse(ctx, user);
}

export function licenseDetails(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.readLicenses);
	const user = findUserOr404(env, key);
	const value = ((user.props.assignedLicenses as AssignedLicense[]) ?? []).map((license) => {
		const sku = env.directory.skus.get(license.skuId);
		return {
			id: Buffer.from(`${user.id}:${license.skuId}`).toString('base64url'),
			skuId: license.skuId,
			skuPartNumber: sku?.skuPartNumber ?? null,
			servicePlans: (sku?.servicePlans ?? []).map((plan) => ({
				servicePlanId: plan.servicePlanId,
				servicePlanName: plan.servicePlanName,
				provisioningStatus: license.disabledPlans.includes(plan.servicePlanId)
					? 'Disabled'
					: 'Success',
				appliesTo: 'User',
			})),
		};
	});
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#users('${user.id}')/licenseDetails`,
		value,
	});
}

function skuBody(env: Env, sku: Sku): Record<string, unknown> {
	return {
		accountId: env.directory.tenantId,
		accountName: 'Contoso',
		appliesTo: 'User',
		capabilityStatus: sku.capabilityStatus,
		consumedUnits: sku.consumedUnits,
		id: `${env.directory.tenantId}_${sku.skuId}`,
		skuId: sku.skuId,
		skuPartNumber: sku.skuPartNumber,
		subscriptionIds: [],
		prepaidUnits: { ...sku.prepaidUnits },
		servicePlans: sku.servicePlans.map((plan) => ({
			...plan,
			provisioningStatus: 'Success',
			appliesTo: 'User',
		})),
	};
}

export function subscribedSkus(ctx: Ctx, env: Env, id?: string): Reply {
	requirePermission(ctx, PERMS.readSkus);
	if (id !== undefined) {
		const sku = [...env.directory.skus.values()].find(
			(s) => `${env.directory.tenantId}_${s.skuId}` === id,
		);
		if (!sku) throw notFound(id);
		return json(200, {
			'@odata.context': `${ctx.base}/v1.0/$metadata#subscribedSkus/$entity`,
			...skuBody(env, sku),
		});
	}
	const value = [...env.directory.skus.values()].map((sku) => skuBody(env, sku));
	return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#subscribedSkus`, value });
}
