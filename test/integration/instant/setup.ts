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

/** Something between the node and the emulator (a rewriting proxy): its URL and how to stop it. */
export type InFront = (emulatorUrl: string) => Promise<{ url: string; stop(): Promise<void> }>;

/** An emulator and one instant trigger node listening on a loopback port, not yet active. */
export async function startInstant(
	parameters: INodeParameters,
	webhookId?: string,
	inFront?: InFront,
): Promise<InstantWorld> {
	forgetAll();
	const emulator = await startEmulator();
	const front = inFront ? await inFront(emulator.url) : undefined;
	const credentials = emulatorCredentials(front?.url ?? emulator.url, DEMO_APP, DEMO_TENANT_ID);
	const runner = new WebhookTriggerRunner(
		instant,
		{ ...parameters, options: { maxWaitSeconds: 20, ...((parameters.options as object) ?? {}) } },
		credentials,
		webhookId,
	);
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
			await front?.stop();
			await emulator.stop();
		},
		graphRequests: () =>
			emulator.admin
				.requestLog()
				.filter((entry) => entry.kind === 'graph' && !entry.batch)
				.map(({ method, path, status }) => ({ method, path, status })),
	};
}

let counter = 0;
export function newUser(world: InstantWorld, props: Record<string, unknown> = {}): string {
	counter += 1;
	const userPrincipalName = `instant${counter}.${Date.now().toString(36)}@contoso.onmicrosoft.com`;
	const created = world.emulator.admin.createUser({
		displayName: `Instant ${counter}`,
		userPrincipalName,
		mailNickname: `instant${counter}`,
		accountEnabled: true,
		...props,
	});
	return created.id as string;
}

/** Every item of every execution, in order. */
export function emitted(world: InstantWorld): Record<string, unknown>[] {
	return world.runner.executions.flatMap((execution) => execution.items.map((item) => item.json));
}

/** The subscription the node stored (id and clientState), as n8n saved it. */
export function storedSubscription(world: InstantWorld): {
	id: string;
	clientState: string;
	expirationDateTime: string;
} {
	return world.runner.persisted.entraIdSubscription as {
		id: string;
		clientState: string;
		expirationDateTime: string;
	};
}

/** POSTs a notification body to the node's webhook as Graph would. */
export async function post(world: InstantWorld, body: unknown, query = ''): Promise<Response> {
	return await fetch(`${world.runner.webhookUrl}${query}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
}

/** A change notification for a user, shaped as Graph sends it (basic notification, no resource data). */
export function userNotification(
	subscriptionId: string,
	clientState: string | undefined,
	userId = '00000000-0000-4000-8000-000000000001',
): Record<string, unknown> {
	return {
		subscriptionId,
		subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
		changeType: 'updated',
		resource: `Users/${userId}`,
		resourceData: {
			'@odata.type': '#Microsoft.Graph.User',
			'@odata.id': `Users/${userId}`,
			id: userId,
		},
		...(clientState === undefined ? {} : { clientState }),
		tenantId: '8f0b7c6e-2f4d-4e39-9a55-3c1d2b7e6a10',
	};
}

export function deltaRequests(world: InstantWorld): number {
	return world.graphRequests().filter((entry) => entry.path.includes('/delta')).length;
}
