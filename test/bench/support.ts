/**
 * Bench plumbing: n8n CLI runs with the peak-RSS probe, the built-in node's credential, millisecond
 * timestamps on the emulator's request log, statistics and the table.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { DELEGATED_APP, DEMO_TENANT_ID } from '../emulator';
import { RequestLog, type LogEntry } from '../emulator/observe';
import type { CredentialExport, ExecutionRun, N8nOptions } from '../runtime/lib/n8n';
import { REPO_ROOT, n8nCli, nodeBinary, runtimeDir, unflatten } from '../runtime/lib/n8n';

export const BENCH_DIR = path.join(REPO_ROOT, 'test', 'bench');

/* ---------------------------------------------------------------- request log with ms timestamps */

/** A log entry with the wall-clock end of the request (the emulator's own `time` has 1 s precision). */
export type TimedEntry = LogEntry & { endMs?: number };

let patched = false;
/** Stamps every emulator log entry with Date.now() at the time it is logged (the end of the request). */
export function timestampRequestLog(): void {
	if (patched) return;
	patched = true;
	const add = RequestLog.prototype.add;
	RequestLog.prototype.add = function (this: RequestLog, entry: LogEntry): void {
		(entry as TimedEntry).endMs = Date.now();
		add.call(this, entry);
	};
}

export function startMs(entry: TimedEntry): number {
	return (entry.endMs ?? Date.parse(entry.time)) - entry.durationMs;
}

/** Graph HTTP requests of a log (a `$batch` counts once, its sub-requests not). */
export function graphRequests(entries: LogEntry[]): TimedEntry[] {
	return entries.filter((entry) => entry.kind === 'graph' && !entry.batch);
}

/* ---------------------------------------------------------------- n8n execute with the probe */

export interface MeasuredExecution {
	ok: boolean;
	code: number | null;
	run?: ExecutionRun;
	/** Peak RSS of the `n8n execute` process, MB. */
	peakRssMb?: number;
	processMs: number;
	stdoutTail: string;
}

/*
 * The query runs in a child process on the runtime's own Node, with n8n's sqlite driver from the n8n
 * install (the bench adds no dependency of its own): that driver is built for the runtime's Node (24
 * for the current n8n), and loading it into the bench's Node crashes the process. The row goes
 * through a file: an execution with 50,000 items is large.
 */
const QUERY_SCRIPT = `
const [driverPath, dbPath, workflowId, outFile] = process.argv.slice(1);
const driver = require(driverPath);
const db = new driver.Database(dbPath, driver.OPEN_READONLY);
db.get(
	'select e.id as id, e.status as status, d.data as data from execution_entity e join execution_data d on d.executionId = e.id where e.workflowId = ? order by e.id desc limit 1',
	[workflowId],
	(error, row) => {
		if (error) { console.error(error.message); process.exitCode = 1; }
		else require('fs').writeFileSync(outFile, JSON.stringify(row ?? null));
		db.close();
	},
);
`;

/**
 * The newest saved execution of a workflow, read from n8n's database (every execution is saved:
 * EXECUTIONS_DATA_SAVE_ON_SUCCESS=all). Read from there rather than from `n8n execute`'s stdout: n8n
 * prints the whole run as one log line and exits right after, which cuts big outputs (50,000 items)
 * short on a pipe.
 */
export async function latestExecution(
	userFolder: string,
	workflowId: string,
): Promise<{ id: number; status: string; run: ExecutionRun } | undefined> {
	const outFile = path.join(userFolder, `latest-${process.pid}-${Date.now()}.json`);
	const driverPath = path.join(runtimeDir('n8n'), 'node_modules', 'sqlite3');
	const dbPath = path.join(userFolder, '.n8n', 'database.sqlite');
	const result = spawnSync(
		nodeBinary('n8n'),
		['-e', QUERY_SCRIPT, driverPath, dbPath, workflowId, outFile],
		{ encoding: 'utf8' },
	);
	try {
		if (result.status !== 0)
			throw new Error(
				`reading the execution from n8n's database failed: ${result.stderr || result.error}`,
			);
		const row = JSON.parse(fs.readFileSync(outFile, 'utf8')) as {
			id: number;
			status: string;
			data: string;
		} | null;
		if (!row) return undefined;
		return {
			id: row.id,
			status: row.status,
			run: { status: row.status, data: unflatten(row.data) } as ExecutionRun,
		};
	} finally {
		fs.rmSync(outFile, { force: true });
	}
}

/** `n8n execute --id` with the RSS probe preloaded; the run is read back from n8n's database. */
export async function executeMeasured(
	workflowId: string,
	options: N8nOptions,
	timeoutMs = 20 * 60_000,
): Promise<MeasuredExecution> {
	const rssFile = path.join(options.userFolder, `rss-${process.pid}-${Date.now()}.jsonl`);
	const previous = await latestExecution(options.userFolder, workflowId).catch(() => undefined);
	const started = Date.now();
	const result = await n8nCli(['execute', `--id=${workflowId}`], {
		logLevel: 'warn',
		...options,
		timeoutMs,
		env: {
			...(options.env ?? {}),
			NODE_OPTIONS: `--require ${path.join(BENCH_DIR, 'rss-probe.js')}`,
			BENCH_RSS_FILE: rssFile,
		},
	});
	const processMs = Date.now() - started;
	let peakRssMb: number | undefined;
	if (fs.existsSync(rssFile)) {
		const lines = fs
			.readFileSync(rssFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as { argv: string[]; maxRssKb: number });
		const main = lines.find((line) => line.argv.includes('execute')) ?? lines[0];
		if (main) peakRssMb = main.maxRssKb / 1024;
		fs.rmSync(rssFile, { force: true });
	}
	const saved = await latestExecution(options.userFolder, workflowId);
	const run = saved && saved.id !== previous?.id ? saved.run : undefined;
	const ok = result.code === 0 && run !== undefined && !run.data.resultData.error;
	const output = result.stdout + result.stderr;
	return {
		ok,
		code: result.code,
		run,
		peakRssMb,
		processMs,
		stdoutTail:
			output.length > 3000 ? output.slice(0, 1500) + '\n...\n' + output.slice(-1500) : output,
	};
}

/** One node's timing from n8n's run data (the node's own work, not process start). */
export function nodeTiming(
	run: ExecutionRun | undefined,
	nodeName: string,
): { executionMs?: number; startTime?: number; items: Array<Record<string, any>>; error?: string } {
	const task = run?.data.resultData.runData[nodeName]?.[0] as
		| {
				executionTime?: number;
				startTime?: number;
				data?: { main?: Array<Array<{ json: Record<string, any> }> | null> };
				error?: { message?: string };
		  }
		| undefined;
	if (!task) return { items: [], error: run?.data.resultData.error?.message ?? 'node did not run' };
	const items = (task.data?.main?.[0] ?? []).map((item) => item.json);
	return {
		executionMs: task.executionTime,
		startTime: task.startTime,
		items,
		error: task.error?.message,
	};
}

/* ---------------------------------------------------------------- credentials */

export const OURS_CREDENTIAL = {
	id: 'benchEntraIdOurs01',
	name: 'Bench: Microsoft Entra ID (this package)',
};
export const BUILTIN_CREDENTIAL = {
	id: 'benchEntraBuiltin1',
	name: 'Bench: Microsoft Entra ID (n8n built-in)',
};

/** This package's credential: client credentials against the emulator (custom cloud). */
export function oursCredential(
	emulatorUrl: string,
	clientId: string,
	clientSecret: string,
): CredentialExport {
	return {
		...OURS_CREDENTIAL,
		type: 'microsoftEntraIdOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			cloud: 'custom',
			graphBaseUrl: emulatorUrl,
			loginBaseUrl: emulatorUrl,
			tenantId: DEMO_TENANT_ID,
			clientId,
			clientSecret,
		},
	};
}

/**
 * n8n's built-in `microsoftEntraOAuth2Api` supports the authorization code grant only (its grantType
 * is a hidden field). The bench signs in once through the emulator's /authorize (auto-consent as the
 * demo admin) and stores the resulting access and refresh tokens in the credential, exactly what the
 * editor's "Connect" button stores. `graphApiBaseUrl` points the node at the emulator; the token URL at
 * the emulator's login endpoint (so that n8n's refresh on 401 works too).
 */
export async function builtinCredential(emulatorUrl: string): Promise<CredentialExport> {
	const login = `${emulatorUrl}/${DEMO_TENANT_ID}/oauth2/v2.0`;
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
	const scope = 'openid offline_access .default';
	const authorize = new URL(`${login}/authorize`);
	authorize.search = new URLSearchParams({
		client_id: DELEGATED_APP.clientId,
		response_type: 'code',
		redirect_uri: redirectUri,
		scope,
		state: 'bench',
		response_mode: 'query',
	}).toString();
	// Once more after a failed connection: the tenant reset just before can block the emulator longer
	// than Node's 5 s keep-alive, so the socket fetch kept from listing the users may be closed already.
	const redirect = await fetch(authorize, { redirect: 'manual' }).catch(async (error: unknown) => {
		if (!(error instanceof TypeError)) throw error;
		return await fetch(authorize, { redirect: 'manual' });
	});
	const location = redirect.headers.get('location');
	const code = location ? new URL(location).searchParams.get('code') : null;
	if (!code)
		throw new Error(
			`authorize did not redirect with a code: ${redirect.status} ${await redirect.text()}`,
		);
	const tokenResponse = await fetch(`${login}/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
			client_id: DELEGATED_APP.clientId,
			client_secret: DELEGATED_APP.clientSecret,
		}),
	});
	const tokens = (await tokenResponse.json()) as Record<string, unknown>;
	if (!tokenResponse.ok || !tokens.access_token)
		throw new Error(`token request failed: ${tokenResponse.status} ${JSON.stringify(tokens)}`);
	return {
		...BUILTIN_CREDENTIAL,
		type: 'microsoftEntraOAuth2Api',
		data: {
			grantType: 'authorizationCode',
			authUrl: `${login}/authorize`,
			accessTokenUrl: `${login}/token`,
			clientId: DELEGATED_APP.clientId,
			clientSecret: DELEGATED_APP.clientSecret,
			authQueryParameters: 'response_mode=query',
			authentication: 'body',
			graphApiBaseUrl: emulatorUrl,
			customScopes: true,
			enabledScopes: scope,
			oauthTokenData: tokens,
		},
	};
}

/* ---------------------------------------------------------------- statistics and table */

export function median(values: number[]): number | undefined {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (!sorted.length) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function formatMs(ms: number | undefined): string {
	if (ms === undefined) return 'n/a';
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	return `${Math.round(ms)} ms`;
}

export function renderTable(header: string[], rows: string[][], markdown: boolean): string {
	if (markdown) {
		const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
		return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
	}
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function log(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}
