#!/usr/bin/env node
/**
 * Entry point of `npm run bench` (plain Node, no extra dependency): compiles test/bench (and what it
 * imports from test/runtime/lib and test/emulator) with the repository's tsc into test/bench/.build,
 * then runs the bench with the given arguments. See test/bench/bench.ts for the options.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const benchDir = __dirname;
const tsc = require.resolve('typescript/bin/tsc', { paths: [path.resolve(benchDir, '..', '..')] });
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(benchDir, 'tsconfig.json')], {
	stdio: ['ignore', 'pipe', 'pipe'],
	encoding: 'utf8',
});
const entry = path.join(benchDir, '.build', 'bench', 'bench.js');
if (compiled.status !== 0) {
	process.stderr.write(compiled.stdout + compiled.stderr);
	if (!fs.existsSync(entry)) process.exit(compiled.status || 1);
	process.stderr.write(
		'[bench] tsc reported type errors (above); running the emitted JavaScript anyway\n',
	);
}
require(entry)
	.main(process.argv.slice(2))
	.then((code) => {
		if (typeof code === 'number') process.exitCode = code;
	})
	.catch((error) => {
		console.error(error && error.stack ? error.stack : error);
		process.exit(1);
	});
