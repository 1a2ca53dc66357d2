#!/usr/bin/env node
/**
 * Entry point of `npm start` and `npm run demo` (plain Node, no extra dependency): compiles the
 * TypeScript launchers under test/runtime (and the Graph emulator they import from test/emulator) with
 * the repository's own tsc into test/runtime/.build, then runs the chosen one.
 *
 *   node test/runtime/run.js start   # emulator + n8n with the package, demo credential and workflows
 *   node test/runtime/run.js demo    # one example workflow headless through the n8n CLI
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const command = process.argv[2];
const launchers = { start: 'start.js', demo: 'demo.js' };
if (!launchers[command]) {
	console.error(`usage: node test/runtime/run.js <${Object.keys(launchers).join('|')}> [options]`);
	process.exit(2);
}

const runtimeDir = __dirname;
const tsc = require.resolve('typescript/bin/tsc', {
	paths: [path.resolve(runtimeDir, '..', '..')],
});
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(runtimeDir, 'tsconfig.json')], {
	stdio: ['ignore', 'pipe', 'pipe'],
	encoding: 'utf8',
});
const entry = path.join(runtimeDir, '.build', 'runtime', launchers[command]);
if (compiled.status !== 0) {
	// Type errors are reported but do not stop the launcher when JavaScript was emitted.
	process.stderr.write(compiled.stdout + compiled.stderr);
	if (!fs.existsSync(entry)) process.exit(compiled.status || 1);
	process.stderr.write(
		'[runtime] tsc reported type errors (above); running the emitted JavaScript anyway\n',
	);
}
require(entry)
	.main(process.argv.slice(3))
	.then((code) => {
		if (typeof code === 'number') process.exitCode = code;
	})
	.catch((error) => {
		console.error(error && error.stack ? error.stack : error);
		process.exit(1);
	});
