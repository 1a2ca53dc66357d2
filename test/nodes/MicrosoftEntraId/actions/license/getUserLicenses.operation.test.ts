import { DEMO_USERS, SKUS } from '../../../../emulator';
import {
	byId,
	byUpn,
	json,
	paired,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();
const U = DEMO_USERS;

describe('License > Get User Licenses, Get Available Licenses', () => {
	it("lists a user's licences, one item per licence", async () => {
		const { emulator } = world;
		const output = await run(emulator, {
			resource: 'license',
			operation: 'getUserLicenses',
			user: byUpn(U.johanna.userPrincipalName),
		});
		expect(json(output).map((licence) => licence.skuId)).toEqual([SKUS.E5]);
		expect(output[0].json.skuPartNumber).toBe('SPE_E5');
		expect(paired(output)).toEqual([{ item: 0 }]);
	});

	it('fails with not found for a missing user', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, {
			resource: 'license',
			operation: 'getUserLicenses',
			user: byId('deadbeef-0000-4000-8000-000000000000'),
		});
		expect(error.httpCode).toBe('404');
	});
});
