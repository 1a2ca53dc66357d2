/**
 * The few `@n8n/di` services n8n-core's execution contexts pull from the container.
 *
 * - `InstanceSettings`: every NodeExecutionContext reads it in its constructor. The real class reads
 *   (and on first use writes) `~/.n8n/config` with an encryption key, so a stub stands in for it.
 * - `Logger` (@n8n/backend-common): the contexts' `logger` getter and requestOAuth2's debug lines.
 *   The real one needs GlobalConfig and sets up winston transports; the stub is silent unless
 *   `HARNESS_LOG=1` is set.
 * - `SSHClientsManager` and `ScheduledTaskManager`: built eagerly by the contexts' helper factories
 *   (ExecuteContext, LoadOptionsContext, PollContext). The real ones start `setInterval` timers that
 *   keep Jest from exiting, so inert stubs are registered. Our nodes use neither SSH tunnels nor crons.
 *
 * Everything else (SecurityConfig, AiConfig, BinaryDataService, ...) is only resolved lazily when a
 * node uses file-system, binary-data or OpenAI helpers, which this package's nodes do not.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { InstanceSettings } from 'n8n-core';
// Not re-exported from n8n-core's index; n8n-core has no "exports" map, so the deep paths resolve.
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type { LogMetadata } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Every line n8n's logger got (message and metadata as JSON), for tests that look for secrets in the log. */
const logged: string[] = [];

export function loggedLines(): readonly string[] {
	return logged;
}

export function clearLogged(): void {
	logged.length = 0;
}

/** Logger with the public surface of @n8n/backend-common's Logger; prints only with HARNESS_LOG=1. */
class HarnessLogger {
	private readonly print = process.env.HARNESS_LOG === '1';

	scoped(): HarnessLogger {
		return this;
	}

	// Arrow properties: LoggerProxy.init copies the methods off the object.
	readonly error = (message: string, metadata?: LogMetadata): void =>
		this.log('error', message, metadata);
	readonly warn = (message: string, metadata?: LogMetadata): void =>
		this.log('warn', message, metadata);
	readonly info = (message: string, metadata?: LogMetadata): void =>
		this.log('info', message, metadata);
	readonly debug = (message: string, metadata?: LogMetadata): void =>
		this.log('debug', message, metadata);

	private log(level: LogLevel, message: string, metadata?: LogMetadata): void {
		logged.push(`${level} ${message} ${metadata ? JSON.stringify(metadata) : ''}`);
		if (logged.length > 20_000) logged.splice(0, 10_000);
		if (this.print) console.log(`[n8n ${level}] ${message}`, metadata ?? '');
	}
}

const instanceSettings = {
	instanceId: 'harness-instance-id',
	hostId: 'harness-host',
	instanceType: 'main',
	instanceRole: 'leader',
	isLeader: true,
	isMultiMain: false,
	isSingleMain: true,
	isWorker: false,
	n8nFolder: '/nonexistent/.n8n',
	staticCacheDir: '/nonexistent/.cache/n8n',
	hmacSignatureSecret: 'harness-hmac-secret',
	encryptionKey: 'harness-encryption-key',
};

const scheduledTaskManager = {
	registerCron(): void {
		throw new Error('The test harness does not run crons');
	},
	deregisterCrons(): void {},
	deregisterAllCrons(): void {},
};

const sshClientsManager = {
	async getClient(): Promise<never> {
		throw new Error('The test harness does not open SSH tunnels');
	},
	onShutdown(): void {},
};

/**
 * Registers the stubs. Called before every harness run (cheap), so that a test calling
 * `Container.reset()` cannot leave n8n-core constructing the real services.
 */
export function registerContainerStubs(): void {
	const logger = new HarnessLogger();
	// Casts: the stubs carry only the members n8n-core's execution paths use.
	Container.set(Logger, logger as unknown as Logger);
	Container.set(InstanceSettings, instanceSettings as unknown as InstanceSettings);
	Container.set(ScheduledTaskManager, scheduledTaskManager as unknown as ScheduledTaskManager);
	Container.set(SSHClientsManager, sshClientsManager as unknown as SSHClientsManager);
	// n8n-workflow's own logger (WorkflowExecute, Expression) defaults to a no-op; route it here.
	LoggerProxy.init(logger);
}
