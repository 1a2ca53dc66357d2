import { DEMO_APP, DEMO_TENANT_ID, SERVICE_PLANS, SKUS } from '../../../emulator';
import { emulatorCredentials, loadOptions } from '../../../harness';
import { node, useEmulator } from '../../../integration/setup';

const world = useEmulator();

describe('methods', () => {
	const options = () => ({ credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID) });

	it('getSkus lists the tenant SKUs with availability; getServicePlans the plans of the chosen SKUs', async () => {
		const skus = await loadOptions(node, 'getSkus', {}, options());
		expect(skus.map((sku) => sku.value)).toEqual(expect.arrayContaining([SKUS.E3, SKUS.E5, SKUS.EMS]));
		expect(skus.find((sku) => sku.value === SKUS.E5)!.description).toMatch(/^0 of 2 available$/);
		const plans = await loadOptions(node, 'getServicePlans', { resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E3] }, options());
		expect(plans.map((plan) => plan.value)).toEqual(expect.arrayContaining(Object.values(SERVICE_PLANS)));
		const e5 = await loadOptions(node, 'getServicePlans', { resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E5] }, options());
		expect(e5.map((plan) => plan.name).sort()).toEqual(['EXCHANGE_S_ENTERPRISE', 'OFFICESUBSCRIPTION', 'TEAMS1']);
		const single = await loadOptions(node, 'getServicePlans', { skuId: { __rl: true, mode: 'id', value: SKUS.E5 } }, options());
		expect(single.map((plan) => plan.value).sort()).toEqual(e5.map((plan) => plan.value).sort());
		const allPlans = await loadOptions(node, 'getServicePlans', {}, options());
		expect(allPlans).toHaveLength(4);
	});
});
