/**
 * Prints, after the end-to-end run, how long each n8n runtime took: its install (when this run installed
 * it) and its suites (the test files that ran on it, summed). The harness records which runtime a file
 * used (`recordSuiteRuntime`, `createSandbox`) and the installs in `$E2E_RUN_DIR/timings.jsonl`; a file
 * that recorded nothing counts under the run's default runtime.
 */
'use strict';
const fs = require('fs');
const path = require('path');

function readRecords() {
	const dir = process.env.E2E_RUN_DIR;
	const file = dir && path.join(dir, 'timings.jsonl');
	if (!file || !fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return undefined;
			}
		})
		.filter(Boolean);
}

function defaultRuntime(root) {
	const spec = process.env.E2E_RUNTIME;
	const names = ['n8n', 'n8n-2.8', 'n8n-1x'];
	const versions = Object.fromEntries(
		names.map((name) => {
			try {
				return [
					name,
					JSON.parse(
						fs.readFileSync(path.join(root, 'test', 'runtime', name, 'package.json'), 'utf8'),
					).dependencies.n8n,
				];
			} catch {
				return [name, '?'];
			}
		}),
	);
	if (!spec || spec === 'current') return { runtime: 'n8n', version: versions.n8n };
	const found =
		names.find(
			(n) =>
				n === spec ||
				versions[n] === spec ||
				versions[n].startsWith(`${spec.replace(/^n8n-?/, '')}.`),
		) ?? (/^1/.test(spec) ? 'n8n-1x' : 'n8n');
	return { runtime: found, version: versions[found] };
}

const seconds = (ms) => `${Math.round(ms / 1000)} s`;

class TimingReporter {
	constructor(globalConfig) {
		this.root = globalConfig.rootDir;
		this.files = [];
	}

	onTestResult(test, result) {
		const { start, end } = result.perfStats;
		this.files.push({
			file: result.testFilePath,
			ms: end - start,
			failed: result.numFailingTests,
			passed: result.numPassingTests,
			skipped: result.numPendingTests,
		});
	}

	onRunComplete() {
		const records = readRecords();
		const fallback = defaultRuntime(this.root);
		const lines = [];
		for (const install of records.filter((r) => r.kind === 'install')) {
			lines.push(
				`install  n8n ${install.version} (${install.runtime}, Node ${install.node}): ${install.seconds} s`,
			);
		}
		for (const wall of records.filter((r) => r.kind === 'install-wall')) {
			lines.push(`install  ${wall.runtimes.join(' + ')} side by side: ${wall.seconds} s wall time`);
		}
		for (const r of records.filter((r) => r.kind === 'debian')) {
			lines.push(`install  Debian packages ${r.packages.join(', ')}: ${r.seconds} s`);
		}
		const groups = new Map();
		for (const file of this.files) {
			const suite = records.filter((r) => r.kind === 'suite' && r.file === file.file);
			const labels = [
				...new Set(
					suite.map(
						(r) =>
							`n8n ${r.version} (${r.runtime}, Node ${r.node})${r.label ? `, ${r.label}` : ''}`,
					),
				),
			];
			const label = labels.length
				? labels.join(' + ')
				: `n8n ${fallback.version} (${fallback.runtime})`;
			const group = groups.get(label) ?? { ms: 0, files: [] };
			group.ms += file.ms;
			group.files.push(
				`${path.basename(file.file).replace(/\.e2e\.test\.ts$/, '')} ${seconds(file.ms)}${file.failed ? ` (${file.failed} failed)` : ''}`,
			);
			groups.set(label, group);
		}
		for (const [label, group] of groups)
			lines.push(`suites   ${label}: ${seconds(group.ms)} [${group.files.join(', ')}]`);
		if (!lines.length) return;
		process.stderr.write(`\n[e2e times]\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
	}
}

module.exports = TimingReporter;
