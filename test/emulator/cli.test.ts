import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { parseArgs } from './cli';

describe('emulator: CLI', () => {
	test('flags and defaults (port 8010, GRAPH_EMULATOR_PORT, --port 0)', () => {
		expect(parseArgs([], {})).toMatchObject({
			port: 8010,
			users: 0,
			groups: 0,
			latencyMs: 0,
			throttle: false,
			seed: 1,
		});
		expect(parseArgs([], { GRAPH_EMULATOR_PORT: '9000' }).port).toBe(9000);
		expect(
			parseArgs(
				[
					'--port',
					'0',
					'--users',
					'500',
					'--groups=20',
					'--latency',
					'15',
					'--throttle',
					'--seed',
					'7',
				],
				{},
			),
		).toMatchObject({
			port: 0,
			users: 500,
			groups: 20,
			latencyMs: 15,
			throttle: true,
			seed: 7,
		});
		expect(() => parseArgs(['--users', 'many'], {})).toThrow();
		expect(() => parseArgs(['--nope'], {})).toThrow();
	});

	test('npm run emulator prints exactly one line and serves the tenant', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(
			join(root, 'node_modules', '.bin', 'tsx'),
			[join(__dirname, 'cli.ts'), '--port', '0', '--users', '25'],
			{ cwd: root },
		);
		try {
			let timer: NodeJS.Timeout | undefined;
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk) => {
					out += chunk;
					if (out.includes('\n')) resolve(out);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}`)));
				timer = setTimeout(() => reject(new Error('no output')), 20_000);
			}).finally(() => clearTimeout(timer));
			expect(line).toMatch(/^Graph emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
			const url = line.trim().split(' ').pop() as string;
			const state = (await (await fetch(`${url}/_emulator/state`)).json()) as { users: number };
			expect(state.users).toBe(36);
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});
});
