import type { INodeParameters } from 'n8n-workflow';

import { MicrosoftEntraIdInstantTrigger } from '../../../nodes/MicrosoftEntraIdInstantTrigger/MicrosoftEntraIdInstantTrigger.node';
import { forgetAll } from '../../../nodes/MicrosoftEntraIdInstantTrigger/coordinator';
import type { RunningEmulator } from '../../emulator';
import { DEMO_APP, DEMO_TENANT_ID, startEmulator } from '../../emulator';
import { WebhookTriggerRunner, emulatorCredentials } from '../../harness';

export const instant = new MicrosoftEntraIdInstantTrigger();

export interface InstantWorld {
	emulator: RunningEmulator;
	runner: WebhookTriggerRunner;
	stop(): Promise<void>;
	/** Waits until Graph's deliveries and the node's webhook calls (with their rounds) are done. */
	settle(): Promise<void>;
	graphRequests(): { method: string; path: string; status: number }[];
}

/** An emulator and one instant trigger node listening on a loopback port, not yet active. */
export async function startInstant(parameters: INodeParameters, webhookId?: string): Promise<InstantWorld> {
	forgetAll();
	const emulator = await startEmulator();
	const credentials = emulatorCredentials(emulator.url, DEMO_APP, DEMO_TENANT_ID);
	const runner = new WebhookTriggerRunner(instant, { ...parameters, options: { maxWaitSeconds: 20, ...((parameters.options as object) ?? {}) } }, credentials, webhookId);
	await runner.listen();
	const settle = async () => {
		for (let i = 0; i < 5; i++) {
			await emulator.admin.settleNotifications();
			await runner.idle();
		}
	};
	return {
		emulator,
		runner,
		settle,
		stop: async () => {
			await settle();
			await runner.close();
			await emulator.stop();
		},
		graphRequests: () => emulator.admin.requestLog().filter((entry) => entry.kind === 'graph' && !entry.batch).map(({ method, path, status }) => ({ method, path, status })),
	};
}

let counter = 0;
export function newUser(world: InstantWorld, props: Record<string, unknown> = {}): string {
	counter += 1;
	const userPrincipalName = `instant${counter}.${Date.now().toString(36)}@contoso.onmicrosoft.com`;
	const created = world.emulator.admin.createUser({ displayName: `Instant ${counter}`, userPrincipalName, mailNickname: `instant${counter}`, accountEnabled: true, ...props });
	return created.id as string;
}

/** Every item of every execution, in order. */
export function emitted(world: InstantWorld): Record<string, unknown>[] {
	return world.runner.executions.flatMap((execution) => execution.items.map((item) => item.json));
}
