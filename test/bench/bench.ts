/**
 * `npm run bench`: this package's nodes side by side with n8n's built-in Microsoft Entra node, in the
 * real n8n of the end-to-end suite (CLI `n8n execute` of imported workflows; `n8n start` for the
 * trigger), against the Graph emulator with a fixed per-request latency.
 *
 *   npm run bench                             # every scenario, 3 runs each (the throttled one: 1)
 *   npm run bench -- --quick                  # 1 run each, without the throttled scenario
 *   npm run bench -- --scenario add-members   # one scenario (repeatable, or comma-separated)
 *   npm run bench -- --latency 50 --runs 5 --users 50000 --markdown test/bench/.results/run.md
 *
 * Scenarios: list-users, add-members, create-users, update-users, trigger, change-to-execution,
 * throttled-writes.
 * Per run: the emulator is reset to the same seeded tenant, the request log cleared; the figures are
 * the node's own execution time from n8n's run data, the Graph requests from the emulator's log, the
 * peak RSS of the n8n process, and the items that did not take effect in the tenant.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {
	DEMO_APP,
	DEMO_USERS,
	startEmulator,
	type EmulatorAdmin,
	type RunningEmulator,
} from '../emulator';
import { DELTA_PAGE } from '../emulator/delta';
import { createSandbox, type Sandbox } from '../e2e/harness';
import {
	REPO_ROOT,
	buildPackage,
	e2eRunDir,
	ensureN8nInstalled,
	stagePackage,
	getExecution,
	installedVersion,
	listExecutions,
	setupOwner,
	type N8nServer,
} from '../runtime/lib/n8n';
import {
	buildScenarios,
	LATENCY_NODE,
	latencyWorkflow,
	TRIGGER_NODE,
	triggerWorkflow,
	triggerWorkflowId,
	type ActionCase,
	type ScenarioDef,
} from './scenarios';
import {
	BENCH_DIR,
	builtinCredential,
	executeMeasured,
	formatMs,
	graphRequests,
	log,
	median,
	nodeTiming,
	oursCredential,
	renderTable,
	startMs,
	timestampRequestLog,
	type TimedEntry,
} from './support';

interface Options {
	latencyMs: number;
	runs: number;
	scenarios?: string[];
	quick: boolean;
	users: number;
	markdown?: string;
	throttleMaxWait: number;
	build: boolean;
	/** Print where the time goes per run (Graph time vs time between requests) and keep the request timeline. */
	trace: boolean;
}

const USAGE = `npm run bench -- [--latency MS (20)] [--runs N (3)] [--scenario NAME]... [--quick] [--users N (50000)]
                    [--throttle-max-wait S (300)] [--markdown FILE] [--no-build] [--trace]
scenarios: list-users, add-members, create-users, update-users, trigger, change-to-execution, throttled-writes
`;

const ALL_SCENARIOS = [
	'list-users',
	'add-members',
	'create-users',
	'update-users',
	'trigger',
	'change-to-execution',
	'throttled-writes',
];

function parseArgs(argv: string[]): Options {
	const options: Options = {
		latencyMs: 20,
		runs: 3,
		quick: false,
		users: 50_000,
		throttleMaxWait: 300,
		build: true,
		trace: false,
	};
	const value = (i: number, flag: string): string => {
		const v = argv[i + 1];
		if (v === undefined) throw new Error(`${flag} needs a value`);
		return v;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const take = () => inline ?? value(i++, flag);
		switch (flag) {
			case '--latency':
				options.latencyMs = Number(take());
				break;
			case '--runs':
				options.runs = Math.max(1, Math.floor(Number(take())));
				break;
			case '--scenario':
				options.scenarios = [
					...(options.scenarios ?? []),
					...take()
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean),
				];
				break;
			case '--quick':
				options.quick = true;
				break;
			case '--users':
				options.users = Math.floor(Number(take()));
				break;
			case '--markdown':
				options.markdown = take();
				break;
			case '--throttle-max-wait':
				options.throttleMaxWait = Number(take());
				break;
			case '--trace':
				options.trace = true;
				break;
			case '--no-build':
				options.build = false;
				break;
			case '--help':
			case '-h':
				process.stdout.write(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg} (see the header of test/bench/bench.ts)`);
		}
	}
	if (!Number.isFinite(options.latencyMs) || options.latencyMs < 0)
		throw new Error('--latency must be a number of milliseconds >= 0');
	if (!Number.isFinite(options.users) || options.users < 100)
		throw new Error('--users must be at least 100');
	for (const name of options.scenarios ?? []) {
		if (!ALL_SCENARIOS.includes(name))
			throw new Error(`unknown scenario ${name}; one of ${ALL_SCENARIOS.join(', ')}`);
	}
	if (options.quick) options.runs = 1;
	return options;
}

function selected(options: Options): string[] {
	if (options.scenarios?.length) return ALL_SCENARIOS.filter((s) => options.scenarios!.includes(s));
	return ALL_SCENARIOS.filter((s) => !(options.quick && s === 'throttled-writes'));
}

/* ---------------------------------------------------------------- results */

interface CaseRun {
	ok: boolean;
	requests: number;
	throttled: number;
	wallMs?: number;
	peakRssMb?: number;
	failed: number;
	error?: string;
}

interface Row {
	scenario: string;
	title: string;
	variant: string;
	kind: 'ours' | 'builtin';
	floor: number;
	floorNote: string;
	runs: CaseRun[];
	notes?: string;
}

function summarize(row: Row) {
	return {
		requests: median(row.runs.map((r) => r.requests)),
		wallMs: median(row.runs.map((r) => r.wallMs ?? NaN)),
		peakRssMb: median(row.runs.map((r) => r.peakRssMb ?? NaN)),
		failed: Math.max(...row.runs.map((r) => r.failed)),
		throttled: median(row.runs.map((r) => r.throttled)),
	};
}

/* ---------------------------------------------------------------- tenant */

async function listUserIds(emulator: RunningEmulator): Promise<string[]> {
	const token = emulator.admin.issueToken(DEMO_APP.clientId);
	const ids: string[] = [];
	let url: string | undefined = `${emulator.url}/v1.0/users?$select=id&$top=999`;
	while (url) {
		const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		const body = (await response.json()) as {
			value?: Array<{ id: string }>;
			'@odata.nextLink'?: string;
		};
		if (!response.ok)
			throw new Error(
				`listing users for the bench failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`,
			);
		ids.push(...(body.value ?? []).map((u) => u.id));
		url = body['@odata.nextLink'];
	}
	return ids;
}

function resetTenant(admin: EmulatorAdmin, latencyMs: number, throttle: boolean): void {
	admin.reset();
	admin.setThrottle(throttle);
	admin.setLatency(latencyMs);
	admin.clearFaults();
}

/* ---------------------------------------------------------------- action scenarios */

async function runCase(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
	testCase: ActionCase,
): Promise<CaseRun> {
	const admin = emulator.admin;
	resetTenant(admin, options.latencyMs, Boolean(testCase.throttle));
	testCase.prepare(admin);
	admin.clearLog();
	const execution = await executeMeasured(testCase.workflowId, sandbox.options);
	const entries = graphRequests(admin.requestLog());
	const subRequests = admin.requestLog().filter((entry) => entry.kind === 'graph' && entry.batch);
	const throttled = [...entries, ...subRequests].filter((entry) => entry.status === 429).length;
	const timing = nodeTiming(execution.run, testCase.nodeName);
	const errorItems = timing.items.filter(
		(item) => item && typeof item === 'object' && 'error' in item,
	).length;
	let failed: number;
	if (options.trace)
		traceRun(
			testCase,
			entries,
			timing.executionMs,
			timing.startTime,
			admin.requestLog().filter((e) => e.kind === 'identity'),
		);
	if (testCase.verify) {
		failed = testCase.expected - testCase.verify(admin);
	} else {
		failed = Math.max(0, testCase.expected - (timing.items.length - errorItems));
	}
	const run: CaseRun = {
		ok: execution.ok && !timing.error,
		requests: entries.length,
		throttled,
		wallMs: timing.executionMs,
		peakRssMb: execution.peakRssMb,
		failed,
		error:
			timing.error ??
			(execution.ok
				? undefined
				: (execution.run?.data.resultData.error?.message ?? `exit ${execution.code}`)),
	};
	if (!execution.run)
		log(`  no run data from n8n execute (exit ${execution.code}):\n${execution.stdoutTail}`);
	log(
		`  ${testCase.variant.padEnd(44)} ${String(run.requests).padStart(6)} req  ${formatMs(run.wallMs).padStart(9)}  ` +
			`${run.peakRssMb ? Math.round(run.peakRssMb) + ' MB' : 'n/a'}  failed ${run.failed}${run.throttled ? `  429s ${run.throttled}` : ''}` +
			`${errorItems ? `  error items ${errorItems}` : ''}${run.error ? `  (${run.error.slice(0, 160)})` : ''}  [process ${formatMs(execution.processMs)}]`,
	);
	return run;
}

/**
 * Where the node's time goes: the requests' own durations at the emulator (latency + handling), the
 * time with no request in flight (the client: n8n, the node, HTTP stack), and the concurrency.
 */
function traceRun(
	testCase: ActionCase,
	entries: TimedEntry[],
	executionMs: number | undefined,
	nodeStart: number | undefined,
	identity: TimedEntry[],
): void {
	if (!entries.length) return;
	const spans = entries.map((e) => ({
		method: e.method,
		path: e.path.slice(0, 120),
		status: e.status,
		start: startMs(e),
		end: e.endMs ?? startMs(e) + e.durationMs,
		ms: e.durationMs,
	}));
	spans.sort((a, b) => a.start - b.start);
	const t0 = spans[0].start;
	let busy = 0;
	let cursor = t0;
	for (const span of spans) {
		if (span.end <= cursor) continue;
		busy += span.end - Math.max(cursor, span.start);
		cursor = span.end;
	}
	const first = spans[0].start;
	const last = Math.max(...spans.map((s) => s.end));
	const serverMs = spans.reduce((sum, s) => sum + s.ms, 0);
	log(
		`    trace: first→last request ${formatMs(last - first)}, some request in flight ${formatMs(busy)}, idle between requests ${formatMs(last - first - busy)}, ` +
			`node total ${formatMs(executionMs)} (so ${formatMs(executionMs !== undefined ? executionMs - (last - first) : undefined)} before the first / after the last request); ` +
			`mean request ${formatMs(serverMs / spans.length)}, mean concurrency ${(serverMs / Math.max(1, last - first)).toFixed(2)}`,
	);
	if (nodeStart !== undefined) {
		const end = nodeStart + (executionMs ?? 0);
		log(
			`    trace: node start → first request ${formatMs(first - nodeStart)}, last request → node end ${formatMs(end - last)}` +
				(identity.length
					? `; token requests: ${identity.map((e) => `${e.path.split('?')[0]} at +${formatMs(startMs(e) - nodeStart)} (${e.durationMs} ms)`).join(', ')}`
					: ''),
		);
	}
	const dir = path.join(BENCH_DIR, '.results', 'traces');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, `${testCase.workflowId}-${Date.now()}.json`),
		JSON.stringify(
			spans.map((s) => ({ ...s, start: s.start - t0, end: s.end - t0 })),
			null,
			1,
		),
	);
}

async function runActionScenario(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
	scenario: ScenarioDef,
): Promise<Row[]> {
	const rows: Row[] = scenario.cases.map((c) => ({
		scenario: scenario.key,
		title: scenario.title,
		variant: c.variant,
		kind: c.kind,
		floor: c.floor,
		floorNote: c.floorNote,
		runs: [],
	}));
	const runs = scenario.runs ? Math.min(scenario.runs, options.runs) : options.runs;
	for (let run = 0; run < runs; run++) {
		log(`${scenario.title}: run ${run + 1}/${runs}`);
		// alternate the order so that neither node always runs first (warm disk cache, JIT of the emulator)
		const order = scenario.cases.map((_, i) => i);
		if (run % 2 === 1) order.reverse();
		for (const index of order)
			rows[index].runs.push(await runCase(sandbox, emulator, options, scenario.cases[index]));
	}
	return rows;
}

/* ---------------------------------------------------------------- trigger scenario */

function vmHwmMb(pid: number | undefined): number | undefined {
	if (!pid) return undefined;
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for Graph requests matching `match` and then for `quietMs` without any Graph request. */
async function waitForRound(
	admin: EmulatorAdmin,
	match: (entry: TimedEntry) => boolean,
	timeoutMs: number,
	quietMs = 1500,
): Promise<TimedEntry[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const entries = graphRequests(admin.requestLog());
		if (entries.some(match)) {
			const last = Math.max(...entries.map((e) => e.endMs ?? 0));
			if (Date.now() - last >= quietMs) return entries;
		}
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for a poll round (${entries.length} requests so far)`);
		await sleep(100);
	}
}

function roundWall(entries: TimedEntry[]): number | undefined {
	if (!entries.length) return undefined;
	return Math.max(...entries.map((e) => e.endMs ?? 0)) - Math.min(...entries.map(startMs));
}

interface TriggerRun {
	activation: CaseRun;
	idle: CaseRun;
	busy: CaseRun;
	/** A second poll with as many changes: the feed's state already knows what Graph's delta returns. */
	laterBusy: CaseRun;
	busyGraphMs?: number;
}

async function runTriggerOnce(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
	userIds: string[],
	changes: number,
	run: number,
): Promise<TriggerRun> {
	const admin = emulator.admin;
	resetTenant(admin, options.latencyMs, false);
	// a new workflow (no static data from an earlier run), published for `n8n start`
	const workflowId = triggerWorkflowId(run);
	await sandbox.importWorkflows([triggerWorkflow(workflowId, [0, 20, 40])]);
	await sandbox.activate(workflowId);
	admin.clearLog();
	let server: N8nServer | undefined;
	try {
		server = await sandbox.start();
		const pid = server.process.pid;
		const isDelta = (e: TimedEntry) => /\/users\/delta/.test(e.path);
		// activation: `$deltatoken=latest`, nothing emitted
		const activationEntries = await waitForRound(admin, isDelta, 120_000);
		const activation: CaseRun = {
			ok: true,
			requests: activationEntries.length,
			throttled: 0,
			wallMs: roundWall(activationEntries),
			peakRssMb: vmHwmMb(pid),
			failed: 0,
		};
		if (!activationEntries.every((e) => /deltatoken=latest/i.test(decodeURIComponent(e.path)))) {
			log(
				`  warning: not a fresh activation (no $deltatoken=latest): ${activationEntries.map((e) => e.path.slice(0, 80)).join(' ')}`,
			);
			activation.error = 'not a fresh activation';
			activation.ok = false;
		}
		admin.clearLog();
		// idle poll: the next scheduled poll, with nothing changed
		const idleEntries = await waitForRound(admin, isDelta, 60_000);
		const idle: CaseRun = {
			ok: true,
			requests: idleEntries.length,
			throttled: 0,
			wallMs: roundWall(idleEntries),
			peakRssMb: vmHwmMb(pid),
			failed: 0,
		};
		admin.clearLog();
		// a poll with `changes` changes made out of band (as an admin portal would)
		const cookie = await setupOwner(server.url);
		const busyPoll = async (title: string): Promise<{ run: CaseRun; entries: TimedEntry[] }> => {
			const before = new Set(
				(await listExecutions(server!.url, cookie!, workflowId)).map((e) => e.id),
			);
			const changeStart = Date.now();
			for (let i = 0; i < changes; i++) admin.updateUser(userIds[i], { jobTitle: `${title} ${i}` });
			log(`  ${changes} out-of-band changes made in ${formatMs(Date.now() - changeStart)}`);
			const entries = await waitForRound(admin, isDelta, 120_000, 3000);
			let execution: Awaited<ReturnType<typeof getExecution>> | undefined;
			const deadline = Date.now() + 120_000;
			while (!execution && Date.now() < deadline) {
				const fresh = (await listExecutions(server!.url, cookie!, workflowId)).filter(
					(e) => !before.has(e.id),
				);
				const done = fresh.find((e) => e.status !== 'running' && e.status !== 'new');
				if (done) execution = await getExecution(server!.url, cookie!, done.id);
				else await sleep(500);
			}
			const emitted = execution
				? (
						(execution.data.resultData.runData[TRIGGER_NODE]?.[0]?.data?.main?.[0] ??
							[]) as unknown[]
					).length
				: 0;
			const firstStart = entries.length ? Math.min(...entries.map(startMs)) : undefined;
			const startedAt = execution?.startedAt ? Date.parse(String(execution.startedAt)) : undefined;
			const run: CaseRun = {
				ok: Boolean(execution),
				requests: graphRequests(admin.requestLog()).length,
				throttled: 0,
				// from the poll's first Graph request to the start of the execution with its items
				wallMs:
					firstStart !== undefined && startedAt !== undefined ? startedAt - firstStart : undefined,
				peakRssMb: vmHwmMb(pid),
				failed: Math.max(0, changes - emitted),
				error: execution ? undefined : 'no execution with the changes',
			};
			return { run, entries };
		};
		const first = await busyPoll('Changed title');
		const busy = first.run;
		const busyEntries = first.entries;
		if (options.trace) {
			const all = admin.requestLog().filter((e) => e.kind === 'graph');
			const shapes = new Map<string, number>();
			for (const e of all) {
				const shape = `${e.batch ? '[in $batch] ' : ''}${e.method} ${e.path
					.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')
					.replace(/(token|skiptoken)=[^&]+/gi, '$1=…')
					.slice(0, 140)} → ${e.status}`;
				shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
			}
			log(
				`    trace: busy poll requests by shape:\n${[...shapes.entries()].map(([k, v]) => `      ${String(v).padStart(6)}  ${k}`).join('\n')}`,
			);
		}
		// the feed's next busy poll: the createdDateTime probe's answer is in the feed's state by now
		admin.clearLog();
		const laterBusy = (await busyPoll('Changed again')).run;
		return { activation, idle, busy, laterBusy, busyGraphMs: roundWall(busyEntries) };
	} finally {
		await server?.stop();
		// the next run's n8n must not poll with this workflow too
		await sandbox.cli(['unpublish:workflow', `--id=${workflowId}`]);
	}
}

async function runTriggerScenario(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
	userIds: string[],
	totalUsers: number,
): Promise<Row[]> {
	const changes = Math.min(10_000, userIds.length);
	const usersTitle = totalUsers.toLocaleString('en-US');
	const rows: Row[] = [
		{
			scenario: 'trigger',
			title: `Trigger activation (${usersTitle}-user tenant)`,
			variant: 'ours',
			kind: 'ours',
			floor: 1,
			floorNote: '1 delta feed, $deltatoken=latest',
			runs: [],
		},
		{
			scenario: 'trigger',
			title: `Trigger idle poll (${usersTitle}-user tenant)`,
			variant: 'ours',
			kind: 'ours',
			floor: 1,
			floorNote: '1 delta feed, no changes',
			runs: [],
		},
		{
			scenario: 'trigger',
			title: `Trigger poll with ${changes.toLocaleString('en-US')} changes`,
			variant: 'ours',
			kind: 'ours',
			floor: Math.ceil(changes / DELTA_PAGE.users),
			floorNote: `${changes} changes / ${DELTA_PAGE.users} per delta page (server-driven)`,
			runs: [],
		},
		{
			scenario: 'trigger',
			title: `Trigger next poll with ${changes.toLocaleString('en-US')} changes`,
			variant: 'ours',
			kind: 'ours',
			floor: Math.ceil(changes / DELTA_PAGE.users),
			floorNote: `${changes} changes / ${DELTA_PAGE.users} per delta page (server-driven)`,
			runs: [],
		},
	];
	const graphMs: number[] = [];
	for (let run = 0; run < options.runs; run++) {
		log(`Trigger: run ${run + 1}/${options.runs} (n8n start with the workflow active)`);
		const result = await runTriggerOnce(sandbox, emulator, options, userIds, changes, run + 1);
		rows[0].runs.push(result.activation);
		rows[1].runs.push(result.idle);
		rows[2].runs.push(result.busy);
		rows[3].runs.push(result.laterBusy);
		if (result.busyGraphMs !== undefined) graphMs.push(result.busyGraphMs);
		for (const [label, r] of [
			['activation', result.activation],
			['idle poll', result.idle],
			['busy poll', result.busy],
			['next busy', result.laterBusy],
		] as const) {
			log(
				`  ${label.padEnd(12)} ${String(r.requests).padStart(5)} req  ${formatMs(r.wallMs).padStart(9)}  ${r.peakRssMb ? Math.round(r.peakRssMb) + ' MB' : 'n/a'}  failed ${r.failed}${r.error ? ` (${r.error})` : ''}`,
			);
		}
	}
	rows[2].notes = `wall = first delta request to execution start; Graph part ${formatMs(median(graphMs))}`;
	return rows;
}

/* ---------------------------------------------------------------- change to execution */

/** New users made one at a time per trigger and run (spread over the polling minute at random). */
const LATENCY_CHANGES = 5;

interface LatencyRun {
	delays: number[];
	requests: number;
	failed: number;
}

/**
 * One trigger alone in `n8n start`: LATENCY_CHANGES new users, each made out of band after a random
 * pause (0-60 s for polling, so the changes fall anywhere in the poll minute), and for each the time
 * from the change to the start of the execution that carries it. Graph requests are everything the
 * emulator saw from the first change to the last execution, divided by the number of changes (for
 * polling this includes the idle polls in between, which is what a poll costs).
 */
async function runLatencyOnce(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
	kind: 'instant' | 'polling',
	run: number,
): Promise<LatencyRun> {
	const admin = emulator.admin;
	resetTenant(admin, options.latencyMs, false);
	for (const subscription of admin.listSubscriptions())
		admin.removeSubscription(String(subscription.id));
	const workflowId = `benchLatency${kind === 'instant' ? 'Instant' : 'Polling'}${run}`;
	await sandbox.importWorkflows([latencyWorkflow(workflowId, kind)]);
	await sandbox.activate(workflowId);
	let server: N8nServer | undefined;
	const result: LatencyRun = { delays: [], requests: 0, failed: 0 };
	try {
		server = await sandbox.start();
		const cookie = (await setupOwner(server.url))!;
		// Activated: the instant trigger has subscribed, the polling trigger has stored its first delta link.
		const deadline = Date.now() + 120_000;
		const activated = () =>
			kind === 'instant'
				? admin.listSubscriptions().length > 0
				: graphRequests(admin.requestLog()).some((e) =>
						/deltatoken=latest/i.test(decodeURIComponent(e.path)),
					);
		while (!activated()) {
			if (Date.now() > deadline) throw new Error(`${kind} trigger did not activate`);
			await sleep(200);
		}
		await sleep(2000);
		admin.clearLog();
		const seen = new Set<string>();
		for (let i = 0; i < LATENCY_CHANGES; i++) {
			await sleep(kind === 'polling' ? Math.random() * 60_000 : 1000 + Math.random() * 2000);
			const upn = `latency.${kind}.${run}.${i}.${Date.now().toString(36)}@contoso.onmicrosoft.com`;
			const changedAt = Date.now();
			const created = admin.createUser({ displayName: `Latency ${i}`, userPrincipalName: upn });
			let startedAt: number | undefined;
			const until = Date.now() + 150_000;
			while (startedAt === undefined && Date.now() < until) {
				for (const summary of await listExecutions(server.url, cookie, workflowId)) {
					if (seen.has(summary.id) || summary.status === 'running' || summary.status === 'new')
						continue;
					seen.add(summary.id);
					const execution = await getExecution(server.url, cookie, summary.id);
					const items = (execution.data.resultData.runData[LATENCY_NODE]?.[0]?.data?.main?.[0] ??
						[]) as Array<{ json: { id?: string } }>;
					if (items.some((item) => item.json.id === created.id))
						startedAt = Date.parse(String(summary.startedAt));
				}
				if (startedAt === undefined) await sleep(kind === 'instant' ? 50 : 500);
			}
			if (startedAt === undefined) result.failed += 1;
			else result.delays.push(startedAt - changedAt);
		}
		result.requests = graphRequests(admin.requestLog()).length / LATENCY_CHANGES;
		return result;
	} finally {
		await server?.stop();
		await sandbox.cli(['unpublish:workflow', `--id=${workflowId}`]);
		for (const subscription of admin.listSubscriptions())
			admin.removeSubscription(String(subscription.id));
	}
}

async function runLatencyScenario(
	sandbox: Sandbox,
	emulator: RunningEmulator,
	options: Options,
): Promise<Row[]> {
	const rows: Row[] = [];
	for (const kind of ['instant', 'polling'] as const) {
		const row: Row = {
			scenario: 'change-to-execution',
			title:
				kind === 'instant'
					? 'Change to execution: instant trigger (change notification)'
					: 'Change to execution: polling trigger, every minute',
			variant: 'ours',
			kind: 'ours',
			floor: 1,
			floorNote:
				kind === 'instant' ? '1 delta request per notification' : '1 delta request per poll',
			runs: [],
		};
		const delays: number[] = [];
		for (let run = 0; run < options.runs; run++) {
			log(
				`Change to execution (${kind}): run ${run + 1}/${options.runs}, ${LATENCY_CHANGES} changes`,
			);
			const result = await runLatencyOnce(sandbox, emulator, options, kind, run + 1);
			delays.push(...result.delays);
			row.runs.push({
				ok: result.failed === 0,
				requests: Number(result.requests.toFixed(1)),
				throttled: 0,
				wallMs: median(result.delays),
				failed: result.failed,
			});
			log(
				`  delays ${result.delays.map((d) => formatMs(d)).join(', ')}; ${result.requests.toFixed(1)} Graph requests per change; failed ${result.failed}`,
			);
		}
		row.notes = `time from the change to the execution start, median of ${delays.length} changes (max ${formatMs(Math.max(...delays))}); Graph requests per change`;
		rows.push(row);
	}
	return rows;
}

/* ---------------------------------------------------------------- report */

const LEGEND = [
	"- **Wall time**: the node's own execution time from n8n's run data (`executionTime` of the node in the saved execution), median of the runs. Trigger rows: the poll measured at the emulator (activation and idle poll: first request sent to last response; the poll with changes: first delta request to the start of the execution that carries the items). Change-to-execution rows: from a change made through the emulator's admin API to the start of the execution that carries it (median of the changes), with Graph requests per change (polling: its polls in between included).",
	'- **Graph requests**: HTTP requests the emulator received from the node, median (a `$batch` counts once); "(N × 429)" counts throttled answers, sub-requests of `$batch` included.',
	'- **Floor**: the fewest requests the API allows: `$top=999` pages for a listing, 20 members per `members@odata.bind`, 20 requests per `$batch`, one delta request per feed, the server-driven delta page size (200 users) for a busy poll.',
	'- **Peak RSS**: peak resident memory of the whole `n8n execute` process (n8n itself is about 330 MB); trigger rows: VmHWM of the `n8n start` process.',
	'- **Items failed**: expected effects missing from the tenant after the run (members added, users created or updated, events emitted), worst run.',
	'- **Built-in / ours**: ratio of the wall-time medians; only where both nodes completed every item.',
];

const HEADER = [
	'Scenario',
	'Node',
	'Graph requests',
	'Floor',
	'Wall time (median)',
	'Peak RSS',
	'Items failed',
	'Built-in / ours',
];

function tableRows(rows: Row[]): string[][] {
	const out: string[][] = [];
	for (const row of rows) {
		const s = summarize(row);
		let ratio = '';
		if (row.kind === 'ours') {
			const builtin = rows.find((r) => r.scenario === row.scenario && r.kind === 'builtin');
			const b = builtin ? summarize(builtin).wallMs : undefined;
			const bFailed = builtin ? summarize(builtin).failed : 0;
			if (!builtin) ratio = 'no built-in equivalent';
			else if (b === undefined || !s.wallMs) ratio = 'n/a';
			else if (bFailed || s.failed)
				ratio = `not comparable: ${bFailed ? `built-in failed ${bFailed}` : ''}${bFailed && s.failed ? ', ' : ''}${s.failed ? `ours failed ${s.failed}` : ''}`;
			else ratio = `${(b / s.wallMs).toFixed(1)}x`;
		}
		const requests =
			s.requests === undefined
				? 'n/a'
				: `${s.requests}${s.throttled ? ` (${s.throttled} × 429)` : ''}`;
		out.push([
			row.title,
			row.variant,
			requests,
			String(row.floor),
			formatMs(s.wallMs),
			s.peakRssMb === undefined ? 'n/a' : `${Math.round(s.peakRssMb)} MB`,
			String(s.failed),
			ratio,
		]);
	}
	return out;
}

function revision(): string {
	const run = (args: string[]) =>
		spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
	const head = run(['rev-parse', '--short', 'HEAD']);
	const dirty = run(['status', '--porcelain', '--', 'nodes', 'credentials'])
		? ' + uncommitted changes in nodes/'
		: '';
	return head ? `package at ${head}${dirty}` : 'package revision unknown';
}

function machine(options: Options): string {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return [
		`${os.cpus().length} cores (${cpu.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}`,
		`Node ${process.version}, n8n ${installedVersion('n8n')}, ${revision()}, emulator latency ${options.latencyMs} ms per request`,
		`${new Date().toISOString().slice(0, 10)}`,
	].join('; ');
}

/* ---------------------------------------------------------------- main */

export async function main(argv: string[]): Promise<number> {
	const options = parseArgs(argv);
	const scenarios = selected(options);
	const started = Date.now();
	log(
		`scenarios: ${scenarios.join(', ')}; runs: ${options.runs}; latency ${options.latencyMs} ms; tenant ${options.users} users`,
	);
	ensureN8nInstalled('n8n');
	if (options.build) buildPackage();
	timestampRequestLog();

	const demoUsers = Object.keys(DEMO_USERS).length;
	const seedStart = Date.now();
	const emulator = await startEmulator({
		users: options.users - demoUsers,
		latencyMs: 0,
		tokenLifetimeSeconds: 24 * 3600,
	});
	log(
		`emulator at ${emulator.url} with ${emulator.admin.getState().users} users (seeded in ${formatMs(Date.now() - seedStart)})`,
	);
	// createSandbox() puts its user folder under E2E_RUN_DIR/<name> and installs the package staged in
	// E2E_RUN_DIR/package: the bench's run folder is test/bench/.work, staged once (a concurrent
	// `npm run build` in the checkout cannot empty it mid-run).
	process.env.E2E_RUN_DIR = path.join(BENCH_DIR, '.work');
	stagePackage(path.join(e2eRunDir(), 'package'));
	const sandboxName = 'n8n';
	let sandbox: Sandbox | undefined;
	const rows: Row[] = [];
	try {
		const allIds = await listUserIds(emulator);
		const demoIds = new Set(Object.values(DEMO_USERS).map((u) => u.id));
		const userIds = allIds.filter((id) => !demoIds.has(id));
		const totalUsers = allIds.length;
		const resetStart = Date.now();
		emulator.admin.reset();
		log(
			`tenant reset (re-seed) takes ${formatMs(Date.now() - resetStart)}; ${userIds.length} generated users`,
		);
		if (!emulator.admin.getUser(userIds[0]))
			throw new Error('the seeded tenant is not the same after a reset: ids differ');

		sandbox = await createSandbox(sandboxName);
		// What-if experiments (not for published figures): BENCH_DIST_OVERRIDE=<dir> replaces the installed
		// package's dist/ with a patched copy, to measure a proposed change before making it in nodes/.
		const override = process.env.BENCH_DIST_OVERRIDE;
		if (override) {
			const target = path.join(
				sandbox.userFolder,
				'.n8n',
				'nodes',
				'node_modules',
				'n8n-nodes-entra-id',
				'dist',
			);
			fs.rmSync(target, { recursive: true, force: true });
			fs.cpSync(path.resolve(override), target, { recursive: true });
			log(`EXPERIMENT: installed package dist replaced with ${override}`);
		}
		await sandbox.importCredentials([
			oursCredential(emulator.url, DEMO_APP.clientId, DEMO_APP.clientSecret),
			await builtinCredential(emulator.url),
		]);
		const defs = buildScenarios(
			{ users: userIds, totalUsers },
			{ throttleMaxWait: options.throttleMaxWait },
		);
		const wanted = defs.filter((d) => scenarios.includes(d.key));
		await sandbox.importWorkflows(wanted.flatMap((d) => d.cases.map((c) => c.workflow)));

		for (const key of scenarios) {
			if (key === 'trigger') {
				rows.push(...(await runTriggerScenario(sandbox, emulator, options, userIds, totalUsers)));
				continue;
			}
			if (key === 'change-to-execution') {
				rows.push(...(await runLatencyScenario(sandbox, emulator, options)));
				continue;
			}
			const def = wanted.find((d) => d.key === key)!;
			rows.push(...(await runActionScenario(sandbox, emulator, options, def)));
		}
	} finally {
		await emulator.stop();
	}

	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
	const table = renderTable(HEADER, tableRows(rows), false);
	process.stdout.write(`\n${table}\n\n${machine(options)}; bench took ${minutes} min\n`);
	const notes = rows.filter((r) => r.notes).map((r) => `- ${r.title}: ${r.notes}`);
	if (notes.length) process.stdout.write(`${notes.join('\n')}\n`);

	const resultsDir = path.join(BENCH_DIR, '.results');
	fs.mkdirSync(resultsDir, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const record = { command, machine: machine(options), minutes: Number(minutes), options, rows };
	fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.json`), JSON.stringify(record, null, 2));
	const markdown = [
		renderTable(HEADER, tableRows(rows), true),
		'',
		...LEGEND,
		'',
		`Machine: ${machine(options)}. Whole bench: ${minutes} min.`,
		'',
		`Command: \`${command}\``,
		...(notes.length ? ['', ...notes] : []),
		'',
	].join('\n');
	fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.md`), markdown);
	if (options.markdown) fs.writeFileSync(path.resolve(options.markdown), markdown);
	log(`results in ${path.relative(process.cwd(), resultsDir)}/bench-${stamp}.{json,md}`);
	return rows.some((r) => r.runs.some((run) => !run.ok)) ? 1 : 0;
}
