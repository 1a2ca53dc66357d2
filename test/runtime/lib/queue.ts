/**
 * n8n in queue mode, as n8n's docs set it up (hosting/scaling/queue-mode): Redis as the message broker,
 * PostgreSQL as the database, a main process (`n8n start`: editor, API, timers and pollers, production
 * webhooks) and workers (`n8n worker`) that run the executions, all with `EXECUTIONS_MODE=queue` and the
 * same `N8N_ENCRYPTION_KEY`. Redis and PostgreSQL are Debian's packages (installed when missing), each
 * on a free port with its own data folder; `stop()` ends every process and removes the folders.
 *
 * Main and workers share one n8n user folder (as n8n's Docker Compose setups share the `.n8n` volume),
 * so the community package in its nodes folder is loaded by every process. Reusable pieces:
 * `startQueueBackends` (Redis + PostgreSQL), `queueModeEnv` (the environment for any n8n process of
 * that cluster), `startQueueMain`, `startQueueWorker`, `startQueueWebhook` (`n8n webhook`), and
 * `startQueueCluster` (all of it).
 */
import * as path from 'path';

import {
	freePortPair,
	startN8nProcess,
	type N8nOptions,
	type N8nServer,
	type StartOptions,
} from './n8n';
import {
	DEBIAN_SERVERS,
	ensureDebianPackages,
	startPostgres,
	startRedis,
	type PostgresServer,
	type ServerProcess,
} from './servers';

export interface QueueBackends {
	redis: ServerProcess;
	postgres: PostgresServer;
	/** Seconds spent installing Debian packages (0 when they were there). */
	installSeconds: number;
	stop(): Promise<void>;
}

/** Redis and PostgreSQL for one queue-mode cluster (installed with apt-get when missing). */
export async function startQueueBackends(dataDir: string): Promise<QueueBackends> {
	const { seconds } = ensureDebianPackages([DEBIAN_SERVERS.redis, DEBIAN_SERVERS.postgres]);
	const redis = await startRedis(path.join(dataDir, 'redis'));
	let postgres: PostgresServer;
	try {
		postgres = await startPostgres('n8n');
	} catch (error) {
		await redis.stop();
		throw error;
	}
	return {
		redis,
		postgres,
		installSeconds: seconds,
		stop: async () => {
			await Promise.allSettled([redis.stop(), postgres.stop()]);
		},
	};
}

/** The environment every n8n process of a queue-mode cluster shares (database, broker, mode). */
export function queueModeEnv(
	backends: Pick<QueueBackends, 'redis' | 'postgres'>,
): Record<string, string> {
	const { redis, postgres } = backends;
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_DB: '0',
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		DB_POSTGRESDB_SCHEMA: 'public',
	};
}

export interface QueueProcessOptions extends Omit<StartOptions, 'port'> {
	backends: Pick<QueueBackends, 'redis' | 'postgres'>;
	port?: number;
}

function withQueueEnv(options: QueueProcessOptions, port: number): StartOptions {
	const { backends, ...rest } = options;
	return { ...rest, port, env: { ...queueModeEnv(backends), ...(options.env ?? {}) } };
}

/** The main process: `n8n start` in queue mode (editor, REST API, pollers; executions go to Redis). */
export async function startQueueMain(options: QueueProcessOptions): Promise<N8nServer> {
	return await startN8nProcess(
		['start'],
		/Editor is now accessible via/,
		withQueueEnv(options, options.port ?? (await freePortPair())),
	);
}

/** A worker: `n8n worker --concurrency=N`, on its own port pair (task-runner broker included). */
export async function startQueueWorker(
	options: QueueProcessOptions & { concurrency?: number },
): Promise<N8nServer> {
	const args = ['worker', `--concurrency=${options.concurrency ?? 5}`];
	return await startN8nProcess(
		args,
		/n8n worker is now ready/,
		withQueueEnv(options, options.port ?? (await freePortPair())),
	);
}

/** A webhook process: `n8n webhook` (production webhooks of active workflows, enqueued for workers). */
export async function startQueueWebhook(options: QueueProcessOptions): Promise<N8nServer> {
	return await startN8nProcess(
		['webhook'],
		/Webhook listener waiting for requests/,
		withQueueEnv(options, options.port ?? (await freePortPair())),
	);
}

export interface QueueCluster {
	backends: QueueBackends;
	main: N8nServer;
	workers: N8nServer[];
	/** `n8n webhook` processes; with any, every process's N8N_WEBHOOK_URL is the first one's URL. */
	webhooks: N8nServer[];
	/** Options for CLI commands (`n8nCli`, `importWorkflows`, ...) against the cluster's database. */
	cliOptions: N8nOptions;
	/** Stops and starts main again (workers, Redis and PostgreSQL keep running). */
	restartMain(): Promise<N8nServer>;
	stop(): Promise<void>;
}

/**
 * The whole cluster: backends, then main, then `workers` workers (concurrency each `concurrency`).
 * `userFolder` must already hold the package in its nodes folder and whatever was imported with
 * `cliOptions`-style options before (use `startQueueBackends` + `queueModeEnv` to import first).
 */
export async function startQueueCluster(options: {
	userFolder: string;
	backends: QueueBackends;
	workers?: number;
	concurrency?: number;
	/** `n8n webhook` processes (0 by default). Production webhook URLs then point at the first one. */
	webhookProcesses?: number;
	runtime?: StartOptions['runtime'];
	echo?: NodeJS.WritableStream;
}): Promise<QueueCluster> {
	// With webhook processes, the URL n8n hands out for production webhooks (what main registers with
	// outside services, e.g. a Graph subscription's notificationUrl) must be theirs: pick the port first.
	const webhookPorts = await Promise.all(
		Array.from({ length: options.webhookProcesses ?? 0 }, () => freePortPair()),
	);
	const env =
		webhookPorts.length > 0
			? { N8N_WEBHOOK_URL: `http://localhost:${webhookPorts[0]}/` }
			: undefined;
	const base = {
		userFolder: options.userFolder,
		runtime: options.runtime,
		backends: options.backends,
		env,
	};
	const echo = (prefix: string) => (options.echo ? { echo: options.echo, echoPrefix: prefix } : {});
	const started: N8nServer[] = [];
	try {
		let main = await startQueueMain({ ...base, ...echo('[main] ') });
		started.push(main);
		// workers side by side (main has run the database migrations by now)
		const results = await Promise.allSettled(
			Array.from({ length: options.workers ?? 1 }, (_, i) =>
				startQueueWorker({
					...base,
					concurrency: options.concurrency,
					...echo(`[worker ${i + 1}] `),
				}),
			),
		);
		const workers: N8nServer[] = [];
		for (const result of results) {
			if (result.status !== 'fulfilled') continue;
			started.push(result.value);
			workers.push(result.value);
		}
		const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
		if (failed) throw failed.reason;
		const webhooks: N8nServer[] = [];
		for (const [i, port] of webhookPorts.entries()) {
			const webhook = await startQueueWebhook({ ...base, port, ...echo(`[webhook ${i + 1}] `) });
			started.push(webhook);
			webhooks.push(webhook);
		}
		const cluster: QueueCluster = {
			backends: options.backends,
			get main() {
				return main;
			},
			workers,
			webhooks,
			cliOptions: {
				userFolder: options.userFolder,
				runtime: options.runtime,
				env: { ...queueModeEnv(options.backends), ...env },
			},
			restartMain: async () => {
				await main.stop();
				main = await startQueueMain({ ...base, port: main.port, ...echo('[main] ') });
				return main;
			},
			stop: async () => {
				await Promise.allSettled([...webhooks, ...workers].map((process) => process.stop()));
				await main.stop();
			},
		};
		return cluster;
	} catch (error) {
		await Promise.allSettled(started.map((s) => s.stop()));
		throw error;
	}
}
