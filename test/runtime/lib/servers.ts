/**
 * Real servers for the end-to-end suites, from Debian's packages: Redis and PostgreSQL (n8n's queue
 * mode). `ensureDebianPackages` installs what is missing with apt-get (as root, or through `sudo -n`);
 * each server then runs as a child process of the test on a free loopback port with its own data folder,
 * and `stop()` ends it and removes the folder. Nothing is left running: a server whose test process dies
 * is killed on exit too. The system services the packages ship are never used.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

function log(message: string): void {
	process.stderr.write(`[servers] ${message}\n`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest PostgreSQL server binary folder of Debian's packages (`/usr/lib/postgresql/<major>/bin`), if any. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

export const REDIS_SERVER = '/usr/bin/redis-server';

/** Debian packages by what they provide here. */
export const DEBIAN_SERVERS = {
	redis: { package: 'redis-server', present: () => fs.existsSync(REDIS_SERVER) },
	postgres: { package: 'postgresql', present: () => postgresBinDir() !== undefined },
} as const;

function pgrep(name: string): string[] {
	const result = spawnSync('pgrep', ['-x', name], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.split('\n').filter(Boolean) : [];
}

/**
 * Installs the missing ones of `wanted` with apt-get (`apt-get update` first when apt knows no candidate).
 * Where installing starts the package's own system service (a machine with an init system and no
 * policy-rc.d that forbids it), that service is stopped again: the tests run their own instances.
 */
export function ensureDebianPackages(wanted: Array<{ package: string; present: () => boolean }>): {
	installed: string[];
	seconds: number;
} {
	const missing = wanted.filter((w) => !w.present()).map((w) => w.package);
	if (!missing.length) return { installed: [], seconds: 0 };
	const started = Date.now();
	const sudo = isRoot() ? [] : ['sudo', '-n'];
	if (!isRoot() && spawnSync('sudo', ['-n', 'true']).status !== 0) {
		throw new Error(
			`missing Debian packages ${missing.join(', ')}: install them with \`sudo apt-get install -y ${missing.join(' ')}\` (this test installs them itself only as root or with password-less sudo)`,
		);
	}
	const apt = (args: string[]) => {
		const [command, ...rest] = [...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=900', ...args];
		const result = spawnSync(command, rest, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed with exit code ${result.status}`);
	};
	const knows = (pkg: string) =>
		/Candidate: (?!\(none\))/.test(
			spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' }).stdout ?? '',
		);
	const runningBefore = { redis: pgrep('redis-server'), postgres: pgrep('postgres') };
	log(`installing Debian packages: ${missing.join(', ')} (apt-get)...`);
	if (!missing.every(knows)) apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
	// a package that started its system service: stop it (only what this install started)
	const services: Array<[string, string, string[]]> = [
		['redis-server', 'redis-server', runningBefore.redis],
		['postgresql', 'postgres', runningBefore.postgres],
	];
	for (const [service, processName, before] of services) {
		if (!missing.includes(service)) continue;
		if (pgrep(processName).some((pid) => !before.includes(pid))) {
			log(`stopping the ${service} system service the package started (the tests run their own)`);
			const [command, ...args] = [...sudo, 'service', service, 'stop'];
			spawnSync(command, args, { stdio: 'ignore' });
		}
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`installed ${missing.join(', ')} in ${seconds}s`);
	return { installed: missing, seconds };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface ServerProcess {
	host: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	output(): string;
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	running.add(child);
	child.on('exit', () => running.delete(child));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		const killAll = () => {
			for (const c of running) c.kill('SIGKILL');
		};
		process.on('exit', killAll);
		// a test run stopped with Ctrl-C or SIGTERM takes its servers with it, then ends as it would have
		for (const signal of ['SIGINT', 'SIGTERM'] as const) {
			process.once(signal, () => {
				killAll();
				process.kill(process.pid, signal);
			});
		}
	}
}

async function startServer(
	name: string,
	command: string,
	args: string[],
	ready: RegExp,
	port: number,
	dataDir: string,
	options: { uid?: number; gid?: number; stopSignal: NodeJS.Signals; cleanup: () => void },
): Promise<ServerProcess> {
	const child = spawn(command, args, {
		cwd: dataDir,
		stdio: ['ignore', 'pipe', 'pipe'],
		uid: options.uid,
		gid: options.gid,
	});
	track(child);
	let output = '';
	let exited = false;
	const exit = new Promise<void>((resolve) =>
		child.on('exit', () => {
			exited = true;
			resolve();
		}),
	);
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`${name} did not get ready within 60 s:\n${output.slice(-3000)}`)),
			60_000,
		);
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (ready.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		void exit.then(() => {
			clearTimeout(timer);
			reject(new Error(`${name} exited before it was ready:\n${output.slice(-3000)}`));
		});
	});
	return {
		host: '127.0.0.1',
		port,
		dataDir,
		process: child,
		output: () => output,
		stop: async () => {
			if (!exited) {
				child.kill(options.stopSignal);
				const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
				await exit;
				clearTimeout(kill);
			}
			options.cleanup();
		},
	};
}

/** `redis-server` on a free port, no persistence, its own folder. */
export async function startRedis(dataDir: string): Promise<ServerProcess> {
	fs.mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dataDir,
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
		'--protected-mode',
		'yes',
		'--loglevel',
		'notice',
	];
	return await startServer(
		'redis-server',
		REDIS_SERVER,
		args,
		/Ready to accept connections/,
		port,
		dataDir,
		{
			stopSignal: 'SIGTERM',
			cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
		},
	);
}

export interface PostgresServer extends ServerProcess {
	user: string;
	password: string;
	database: string;
}

function postgresAccount(): { uid: number; gid: number } | undefined {
	if (!isRoot()) return undefined;
	// the server refuses to run as root: run it as Debian's `postgres` account
	const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	if (!Number.isInteger(uid) || uid <= 0)
		throw new Error('running as root, but there is no `postgres` account to run PostgreSQL as');
	return { uid, gid };
}

/**
 * A fresh PostgreSQL cluster (`initdb`, trust authentication on loopback only) in a new folder under
 * the system's temp folder (the `postgres` account must be able to reach it), `postgres` on a free
 * port, and a database for n8n.
 */
export async function startPostgres(database = 'n8n'): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql)');
	const account = postgresAccount();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-entra-e2e-pg-'));
	if (account) fs.chownSync(dataDir, account.uid, account.gid);
	const pgdata = path.join(dataDir, 'data');
	const initdb = spawnSync(
		path.join(bin, 'initdb'),
		['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'],
		{
			encoding: 'utf8',
			uid: account?.uid,
			gid: account?.gid,
			cwd: dataDir,
		},
	);
	if (initdb.status !== 0)
		throw new Error(`initdb failed (${initdb.status}):\n${initdb.stdout}\n${initdb.stderr}`);
	const port = await freePort();
	const args = [
		'-D',
		pgdata,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		`unix_socket_directories=${dataDir}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	];
	const server = await startServer(
		'postgres',
		path.join(bin, 'postgres'),
		args,
		/database system is ready to accept connections/,
		port,
		dataDir,
		{
			uid: account?.uid,
			gid: account?.gid,
			stopSignal: 'SIGINT',
			cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
		},
	);
	const psql = spawnSync(
		path.join(bin, 'psql'),
		[
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			`CREATE DATABASE ${database}`,
		],
		{ encoding: 'utf8' },
	);
	if (psql.status !== 0) {
		await server.stop();
		throw new Error(`CREATE DATABASE failed:\n${psql.stdout}\n${psql.stderr}`);
	}
	return { ...server, user: 'postgres', password: 'postgres', database };
}

/** Runs one SQL statement with psql against a server from `startPostgres`; returns the rows (tab-separated fields). */
export function psqlQuery(server: PostgresServer, sql: string): string[][] {
	const bin = postgresBinDir()!;
	const result = spawnSync(
		path.join(bin, 'psql'),
		[
			'-h',
			server.host,
			'-p',
			String(server.port),
			'-U',
			server.user,
			'-d',
			server.database,
			'-v',
			'ON_ERROR_STOP=1',
			'-At',
			'-F',
			'\t',
			'-c',
			sql,
		],
		{ encoding: 'utf8' },
	);
	if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
	return result.stdout
		.split('\n')
		.filter(Boolean)
		.map((line) => line.split('\t'));
}
