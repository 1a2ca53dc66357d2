import type { IDataObject } from 'n8n-workflow';

import { SKUS } from '../../../../emulator';
import { json, run, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('License > Get User Licenses, Get Available Licenses', () => {
	it("lists the tenant's licences with enabled, consumed and available units", async () => {
		const { emulator } = world;
		const output = await run(emulator, { resource: 'license', operation: 'getAvailable' });
		const state = emulator.admin.getState().skus;
		for (const sku of state) {
			const listed = json(output).find((item) => item.skuId === sku.skuId);
			// Warning (grace period) units still take assignments; the emulator refuses past enabled + warning.
			expect(listed).toMatchObject({
				enabled: sku.enabled,
				warning: sku.warning,
				consumed: sku.consumedUnits,
				available: Math.max(0, sku.enabled + sku.warning - sku.consumedUnits),
			});
			expect(listed).not.toHaveProperty('servicePlans');
		}
		const free = await run(emulator, {
			resource: 'license',
			operation: 'getAvailable',
			options: { onlyAvailable: true, includeServicePlans: true },
		});
		expect(
			json(free)
				.map((sku) => sku.skuId)
				.sort(),
		).toEqual([SKUS.E3, SKUS.EMS].sort());
		expect((free[0].json.servicePlans as IDataObject[]).length).toBe(4);
	});
});
