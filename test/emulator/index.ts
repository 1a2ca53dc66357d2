import type { AddressInfo } from 'node:net';

import type { EmulatorAdmin } from './admin';
import { createAdmin } from './admin';
import { Clock } from './clock';
import type { Env } from './env';
import { Identity } from './identity';
import { Faults, RequestLog } from './observe';
import { buildDirectory } from './seed';
import { createEmulatorServer } from './server';
import { Subscriptions } from './subscriptions';
import { Throttle } from './throttle';

export interface EmulatorOptions {
	/** Default 0 (a free port) for the API; the CLI uses 8010 / GRAPH_EMULATOR_PORT / --port. */
	port?: number;
	host?: string;
	/** Deterministic data for a given seed (default 1). */
	seed?: number;
	/** Generated users beyond the demo tenant. */
	users?: number;
	/** Generated groups. */
	groups?: number;
	/** Added to every Graph request. */
	latencyMs?: number;
	/** Graph's identity throttling model on. */
	throttle?: boolean;
	/** Access token lifetime, default 3600. */
	tokenLifetimeSeconds?: number;
	/** Seed the demo tenant, default true. */
	demo?: boolean;
	/** Emulated time minus real time at start, in seconds; negative: Graph's clock behind the machine's. */
	clockOffsetSeconds?: number;
}

export interface RunningEmulator {
	/** e.g. http://127.0.0.1:PORT (Graph at `${url}/v1.0`, login at `${url}/{tenant}/oauth2/v2.0/token`). */
	url: string;
	port: number;
	stop(): Promise<void>;
	admin: EmulatorAdmin;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const clock = new Clock(options.clockOffsetSeconds ?? 0);
	const seedOptions = {
		seed: options.seed ?? 1,
		users: options.users ?? 0,
		groups: options.groups ?? 0,
		demo: options.demo ?? true,
	};
	const identity = new Identity(clock, options.tokenLifetimeSeconds ?? 3600);
	const directory = buildDirectory(clock, seedOptions).directory;
	const subscriptions = new Subscriptions(clock, () => env.directory.tenantId);
	const env: Env = {
		directory,
		identity,
		clock,
		resyncBefore: { users: -Infinity, groups: -Infinity },
		deltaExpiry: 'syncStateNotFound',
		subscriptions,
	};
	subscriptions.attach(directory);
	subscriptions.start();
	const throttle = new Throttle();
	throttle.enabled = options.throttle ?? false;
	const faults = new Faults();
	const log = new RequestLog();
	const latency = { ms: options.latencyMs ?? 0 };
	const admin = createAdmin({
		env,
		identity,
		clock,
		throttle,
		faults,
		log,
		latency,
		options: seedOptions,
	});
	const server = createEmulatorServer({
		services: { env, throttle, faults, log },
		identity,
		admin,
		latency,
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://${host}:${port}`,
		port,
		admin,
		stop: () =>
			new Promise<void>((resolve) => {
				subscriptions.stop();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

export type { EmulatorAdmin, EmulatorState } from './admin';
export type { FaultSpec, LogEntry } from './observe';
export type { Delivery, NotificationFaults, SubscriptionRecord } from './subscriptions';
export * from './demo-tenant';
