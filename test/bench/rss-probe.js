/**
 * Preloaded into the n8n processes the bench starts (NODE_OPTIONS=--require): when a process exits,
 * appends its peak resident set size (process.resourceUsage().maxRSS, kilobytes) to BENCH_RSS_FILE,
 * one JSON line per process, so that the bench can pick the `n8n execute` process among its children.
 */
'use strict';
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
	process.on('exit', () => {
		try {
			const line = {
				pid: process.pid,
				argv: process.argv.slice(1),
				maxRssKb: process.resourceUsage().maxRSS,
			};
			fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
		} catch {
			// best effort: a missing figure shows as "n/a"
		}
	});
}

/*
 * BENCH_CPU_PROFILE_DIR (profiling only): a CPU profile of the process, written at exit as
 * <dir>/<pid>.cpuprofile (Node refuses --cpu-prof in NODE_OPTIONS; the inspector session works).
 */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
if (profileDir && process.argv.some((arg) => arg === 'execute')) {
	const inspector = require('inspector');
	const path = require('path');
	const session = new inspector.Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 500 });
	session.post('Profiler.start');
	process.on('exit', () => {
		session.post('Profiler.stop', (error, result) => {
			if (!error && result)
				fs.writeFileSync(
					path.join(profileDir, `${process.pid}.cpuprofile`),
					JSON.stringify(result.profile),
				);
		});
	});
}
