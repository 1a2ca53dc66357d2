import type { INodeParameters } from 'n8n-workflow';

import type { EmulatorOptions, RunningEmulator } from '../../emulator';
import { DEMO_APP, DEMO_TENANT_ID, startEmulator } from '../../emulator';
import { emulatorCredentials } from '../../harness';
import { TriggerRunner } from './runner';

export const DOMAIN = 'contoso.onmicrosoft.com';

/** An emulator plus a way to create trigger nodes against it. */
export interface TriggerWorld {
	emulator: RunningEmulator;
	runner(parameters: INodeParameters): TriggerRunner;
	/** Graph API requests the emulator saw since the last clearLog() (token requests left out). */
	graphRequests(): { method: string; path: string; status: number }[];
}

export async function startWorld(options: EmulatorOptions = {}): Promise<TriggerWorld> {
	const emulator = await startEmulator(options);
	const credentials = emulatorCredentials(emulator.url, DEMO_APP, DEMO_TENANT_ID);
	return {
		emulator,
		runner: (parameters) =>
			new TriggerRunner(
				{
					...parameters,
					options: { maxWaitSeconds: 20, ...((parameters.options as object) ?? {}) },
				},
				credentials,
			),
		graphRequests: () =>
			emulator.admin
				.requestLog()
				.filter((entry) => entry.kind === 'graph')
				.map(({ method, path, status }) => ({ method, path, status })),
	};
}

/**
 * Activates trigger nodes a couple of emulated seconds after the setup, as in real life: Graph's
 * createdDateTime and Date have one-second resolution, and an object created in the very second of
 * activation counts as new (the trigger prefers a doubtful "created" to a lost one).
 */
export async function activate(world: TriggerWorld, ...runners: TriggerRunner[]): Promise<void> {
	world.emulator.admin.advanceClock(2);
	for (const runner of runners) expect(await runner.activate()).toEqual([]);
	world.emulator.admin.advanceClock(2);
}

let counter = 0;
/** A unique user principal name in the demo domain. */
export function upn(prefix = 'user'): string {
	counter += 1;
	return `${prefix}${counter}.${Date.now().toString(36)}@${DOMAIN}`;
}

export function newUser(world: TriggerWorld, props: Record<string, unknown> = {}): string {
	const userPrincipalName = upn();
	const created = world.emulator.admin.createUser({
		displayName: `Test ${userPrincipalName}`,
		userPrincipalName,
		mailNickname: userPrincipalName.split('@')[0].replace(/\W/g, ''),
		accountEnabled: true,
		...props,
	});
	return created.id as string;
}

export function newGroup(world: TriggerWorld, props: Record<string, unknown> = {}): string {
	counter += 1;
	const created = world.emulator.admin.createGroup({
		displayName: `Group ${counter}`,
		groupTypes: [],
		...props,
	});
	return created.id as string;
}
