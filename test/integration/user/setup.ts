import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MicrosoftEntraId } from '../../../nodes/MicrosoftEntraId/MicrosoftEntraId.node';
import type { RunningEmulator } from '../../emulator';
import { DEMO_APP, DEMO_DOMAIN, DEMO_TENANT_ID, startEmulator } from '../../emulator';
import { emulatorCredentials, executeNode } from '../../harness';

export const node = new MicrosoftEntraId();

/** Starts a fresh emulator (demo tenant) before each test and stops it after. */
export function useEmulator(): { readonly emulator: RunningEmulator } {
	const world = {} as { emulator: RunningEmulator };
	beforeEach(async () => {
		world.emulator = await startEmulator();
	});
	afterEach(async () => {
		await world.emulator.stop();
	});
	return world;
}

export interface RunOptions {
	app?: { clientId: string; clientSecret: string };
	continueOnFail?: boolean;
}

/** Runs the node with `parameters` on `items` and returns its (only) output. Throws what the node throws. */
export async function run(
	emulator: RunningEmulator,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const { output } = await executeNode(node, parameters, items, {
		credentials: emulatorCredentials(emulator.url, options.app ?? DEMO_APP, DEMO_TENANT_ID),
		continueOnFail: options.continueOnFail,
	});
	return output[0];
}

/** Like run, expecting the node to fail; returns the error. */
export async function runFailing(
	emulator: RunningEmulator,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: RunOptions = {},
): Promise<Error & { description?: string; context?: IDataObject; httpCode?: string }> {
	try {
		await run(emulator, parameters, items, options);
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the node to fail');
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUpn = (value: string) => ({ __rl: true, mode: 'upn', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

export const json = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]): unknown[] => items.map((item) => item.pairedItem);

/** Graph API requests the emulator answered since the log was last cleared (batch sub-requests included). */
export function graphLog(emulator: RunningEmulator) {
	return emulator.admin.requestLog().filter((entry) => entry.kind === 'graph');
}

/** HTTP round trips to Graph that write (sub-requests of a `$batch` not counted; the `$batch` POST is). */
export function writeRoundTrips(emulator: RunningEmulator): number {
	return graphLog(emulator).filter((entry) => !entry.batch && entry.method !== 'GET').length;
}

/** HTTP round trips that are `POST /$batch`. */
export function batchRoundTrips(emulator: RunningEmulator): number {
	return graphLog(emulator).filter((entry) => !entry.batch && entry.path.startsWith('/v1.0/$batch')).length;
}

let counter = 0;
/** A unique UPN in the demo tenant's domain. */
export function upn(prefix = 'user'): string {
	counter += 1;
	return `${prefix}${counter}.${Date.now().toString(36)}@${DEMO_DOMAIN}`;
}

/** A user created out of band (admin API), for tests that need one to exist. */
export function seedUser(emulator: RunningEmulator, props: IDataObject = {}): { id: string; userPrincipalName: string } {
	const userPrincipalName = (props.userPrincipalName as string) ?? upn('seed');
	const created = emulator.admin.createUser({
		displayName: `Seed ${userPrincipalName}`,
		mailNickname: userPrincipalName.split('@')[0].replace(/\W/g, ''),
		accountEnabled: true,
		...props,
		userPrincipalName,
	});
	return { id: created.id as string, userPrincipalName };
}

export const PASSWORD = 'Str0ng!Passw0rd';
