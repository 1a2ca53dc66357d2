// Lints the shipped code with the root eslint.config.mjs (n8n's default config, verbatim) through
// ESLint's Node API, and lints altered copies of real node files in memory to show the rules are live.
// Prints one JSON report on stdout; test/unit/lint.test.ts runs it in a child process (ESLint loads
// its flat config with a dynamic import(), which Jest's module sandbox does not support).
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });

function summary(results) {
	return results.map((result) => ({
		file: path.relative(root, result.filePath),
		messages: result.messages.map(({ ruleId, severity, message, line }) => ({
			ruleId,
			severity,
			message,
			line,
		})),
	}));
}

/** Lints `text` as if it were the file at `file` (relative to the repository root). */
async function probe(file, alter) {
	const original = readFileSync(path.join(root, file), 'utf8');
	const text = alter(original);
	if (text === original) throw new Error(`the probe did not change ${file}`);
	return summary(await eslint.lintText(text, { filePath: path.join(root, file) }))[0];
}

const actionNode = 'nodes/MicrosoftEntraId/MicrosoftEntraId.node.ts';
const helperFile = 'nodes/feed/items.ts';

// `npm run lint` looks up the config from each file's folder: test/ files get test/eslint.config.mjs.
const lookup = new ESLint({ cwd: root, flags: ['unstable_config_lookup_from_file'] });
async function rulesFor(file) {
	const config = await lookup.calculateConfigForFile(path.join(root, file));
	const on = Object.entries(config?.rules ?? {}).filter(
		([, setting]) => (Array.isArray(setting) ? setting[0] : setting) !== 0,
	);
	return on.map(([rule]) => rule).sort();
}

const report = {
	eslintVersion: ESLint.version,
	shipped: summary(await eslint.lintFiles(['nodes', 'credentials', 'package.json'])),
	rulesWithLookup: {
		node: await rulesFor(actionNode),
		test: await rulesFor('test/unit/lint.test.ts'),
	},
	probes: {
		// the action node without `usableAsTool: true`
		withoutUsableAsTool: await probe(actionNode, (text) =>
			text.replace(/^\s*usableAsTool: true,\n/m, ''),
		),
		// a helper that waits with a timer
		withSetTimeout: await probe(
			helperFile,
			(text) =>
				`${text}\nexport async function pause(ms: number): Promise<void> {\n\tawait new Promise((resolve) => setTimeout(resolve, ms));\n}\n`,
		),
		// a helper that imports a Node built-in other than crypto
		withChildProcess: await probe(
			helperFile,
			(text) =>
				`import { execSync } from 'node:child_process';\n${text}\nexport const run = () => execSync('true');\n`,
		),
	},
};
process.stdout.write(JSON.stringify(report));
