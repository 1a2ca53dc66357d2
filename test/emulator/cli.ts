/**
 * `npm run emulator`: the Graph emulator in the foreground.
 * Flags: --port N (default GRAPH_EMULATOR_PORT or 8010; 0 = a free port), --users N, --groups M,
 * --latency MS, --throttle, --seed S, --host H. Prints one line: `Graph emulator listening on URL`.
 */
import { startEmulator } from './index';

export interface CliOptions {
	port: number;
	host: string;
	users: number;
	groups: number;
	latencyMs: number;
	throttle: boolean;
	seed: number;
}

function number(flag: string, value: string | undefined): number {
	const parsed = Number(value);
	if (value === undefined || !Number.isInteger(parsed) || parsed < 0)
		throw new Error(`${flag} needs a whole number >= 0`);
	return parsed;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
	const options: CliOptions = {
		port:
			env.GRAPH_EMULATOR_PORT !== undefined
				? number('GRAPH_EMULATOR_PORT', env.GRAPH_EMULATOR_PORT)
				: 8010,
		host: '127.0.0.1',
		users: 0,
		groups: 0,
		latencyMs: 0,
		throttle: false,
		seed: 1,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = number(flag, value());
				break;
			case '--host':
				options.host = value() ?? '127.0.0.1';
				break;
			case '--users':
				options.users = number(flag, value());
				break;
			case '--groups':
				options.groups = number(flag, value());
				break;
			case '--latency':
				options.latencyMs = number(flag, value());
				break;
			case '--seed':
				options.seed = number(flag, value());
				break;
			case '--throttle':
				options.throttle = true;
				break;
			default:
				throw new Error(
					`Unknown option ${argv[i]} (known: --port --users --groups --latency --throttle --seed --host)`,
				);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: CliOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exit(2);
	}
	const emulator = await startEmulator({ ...options });
	process.stdout.write(`Graph emulator listening on ${emulator.url}\n`);
	const stop = () => {
		void emulator.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		process.exit(1);
	});
}
