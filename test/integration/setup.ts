import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MicrosoftEntraId } from '../../nodes/MicrosoftEntraId/MicrosoftEntraId.node';
import type { EmulatorOptions, RunningEmulator } from '../emulator';
import { DEMO_APP, DEMO_DOMAIN, DEMO_TENANT_ID, startEmulator } from '../emulator';
import { emulatorCredentials, executeNode } from '../harness';

/** Helpers of the action node's integration tests: the node run through n8n-core against the emulator. */

export const node = new MicrosoftEntraId();

/** A fresh emulator (demo tenant) for each test. */
export function useEmulator(options: EmulatorOptions = {}): { readonly emulator: RunningEmulator } {
	const world = {} as { emulator: RunningEmulator };
	beforeEach(async () => {
		world.emulator = await startEmulator(options);
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

/** Runs the node and returns its output; throws what the node throws. */
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

export type NodeFailure = Error & {
	description?: string;
	context?: IDataObject;
	httpCode?: string;
};

/** Runs the node expecting it to fail; returns the error. */
export async function runFailing(
	emulator: RunningEmulator,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: RunOptions = {},
): Promise<NodeFailure> {
	try {
		await run(emulator, parameters, items, options);
	} catch (error) {
		return error as NodeFailure;
	}
	throw new Error('expected the node to fail');
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUpn = (value: string) => ({ __rl: true, mode: 'upn', value });

export const json = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]): unknown[] =>
	items.map((item) => item.pairedItem);
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
export const itemsOf = (values: IDataObject[]): INodeExecutionData[] =>
	values.map((value) => ({ json: value }));

/** Graph API requests since the log was last cleared ($batch sub-requests included, flagged `batch`). */
export function graphLog(emulator: RunningEmulator) {
	return emulator.admin.requestLog().filter((entry) => entry.kind === 'graph');
}

/** Round trips that write (a `$batch` POST counts once, its sub-requests not). */
export function writeRoundTrips(emulator: RunningEmulator): number {
	return graphLog(emulator).filter((entry) => !entry.batch && entry.method !== 'GET').length;
}

/** Round trips of any kind (a `$batch` counts once). */
export function roundTrips(emulator: RunningEmulator): number {
	return graphLog(emulator).filter((entry) => !entry.batch).length;
}

/** HTTP round trips that are `POST /$batch`. */
export function batchRoundTrips(emulator: RunningEmulator): number {
	return graphLog(emulator).filter((entry) => !entry.batch && entry.path.startsWith('/v1.0/$batch'))
		.length;
}

let counter = 0;

/** Users created out of band (admin API), e.g. to fill a group. */
export function seedUsers(
	emulator: RunningEmulator,
	count: number,
	props: IDataObject = {},
): string[] {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		counter += 1;
		const userPrincipalName = `member${counter}@${DEMO_DOMAIN}`;
		const created = emulator.admin.createUser({
			displayName: `Member ${counter}`,
			mailNickname: `member${counter}`,
			accountEnabled: true,
			...props,
			userPrincipalName,
		});
		ids.push(created.id as string);
	}
	return ids;
}

/** A group created out of band. */
export function seedGroup(emulator: RunningEmulator, props: IDataObject = {}): string {
	counter += 1;
	const created = emulator.admin.createGroup({
		displayName: `Seed group ${counter}`,
		mailNickname: `seedgroup${counter}`,
		groupTypes: [],
		...props,
	});
	return created.id as string;
}

export const memberIds = (emulator: RunningEmulator, groupId: string): string[] =>
	emulator.admin
		.listMembers(groupId)
		.map((member) => member.id)
		.sort();

/** A unique UPN in the demo tenant's domain. */
export function upn(prefix = 'user'): string {
	counter += 1;
	return `${prefix}${counter}.${Date.now().toString(36)}@${DEMO_DOMAIN}`;
}

/** A user created out of band (admin API), for tests that need one to exist. */
export function seedUser(
	emulator: RunningEmulator,
	props: IDataObject = {},
): { id: string; userPrincipalName: string } {
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
