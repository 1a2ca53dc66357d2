import { DEMO_APP, DEMO_TENANT_ID, SERVICE_PLANS, SKUS } from '../../../emulator';
import { emulatorCredentials, loadOptions } from '../../../harness';
import { node, useEmulator } from '../../../integration/setup';

const world = useEmulator();

describe('methods', () => {
	const options = () => ({
		credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
	});

	it('getSkus lists the tenant SKUs with availability; getServicePlans the plans of the chosen SKUs', async () => {
		const skus = await loadOptions(node, 'getSkus', {}, options());
		expect(skus.map((sku) => sku.value)).toEqual(
			expect.arrayContaining([SKUS.E3, SKUS.E5, SKUS.EMS]),
		);
		// issue 25, item 6: Microsoft's product names, the part number in the description; a SKU the
		// shipped table does not know keeps its part number
		const e5Sku = skus.find((sku) => sku.value === SKUS.E5)!;
		expect([e5Sku.name, e5Sku.description]).toEqual([
			'Microsoft 365 E5',
			'SPE_E5, 0 of 2 available',
		]);
		expect(skus.find((sku) => sku.value === SKUS.E3)!.name).toBe('Office 365 E3');
		expect(skus.find((sku) => sku.value === SKUS.EMS)!.name).toBe('EMSPREMIUM');
		const plans = await loadOptions(
			node,
			'getServicePlans',
			{ resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E3] },
			options(),
		);
		expect(plans.map((plan) => plan.value)).toEqual(
			expect.arrayContaining(Object.values(SERVICE_PLANS)),
		);
		const e5 = await loadOptions(
			node,
			'getServicePlans',
			{ resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E5] },
			options(),
		);
		expect(e5.map((plan) => [plan.name, plan.description]).sort()).toEqual([
			['Exchange Online (Plan 2)', 'EXCHANGE_S_ENTERPRISE'],
			['Microsoft 365 Apps for Enterprise', 'OFFICESUBSCRIPTION'],
			['Microsoft Teams', 'TEAMS1'],
		]);
		const both = await loadOptions(
			node,
			'getServicePlans',
			{ resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E3, SKUS.E5] },
			options(),
		);
		expect(both.find((plan) => plan.value === SERVICE_PLANS.TEAMS1)?.description).toBe(
			'TEAMS1, In Office 365 E3',
		);
		const single = await loadOptions(
			node,
			'getServicePlans',
			{ skuId: { __rl: true, mode: 'id', value: SKUS.E5 } },
			options(),
		);
		expect(single.map((plan) => plan.value).sort()).toEqual(e5.map((plan) => plan.value).sort());
		const allPlans = await loadOptions(node, 'getServicePlans', {}, options());
		expect(allPlans).toHaveLength(4);
	});
});
