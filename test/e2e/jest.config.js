/**
 * End-to-end suites: the built package inside a real n8n (installed into test/runtime/n8n on first use)
 * against the Graph emulator. `npm run test:e2e` runs them in band (one n8n at a time, shared CPU).
 */
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// the n8n installs and the runtime's scratch folders are huge or throwaway: keep them out of jest's map
	modulePathIgnorePatterns: [
		'<rootDir>/test/runtime/n8n/',
		'<rootDir>/test/runtime/n8n-2.8/',
		'<rootDir>/test/runtime/n8n-1x/',
		'<rootDir>/test/runtime/node24/',
		'<rootDir>/test/runtime/.build/',
		'<rootDir>/test/runtime/.e2e/',
		'<rootDir>/test/runtime/.n8n-home',
		'<rootDir>/test/runtime/.n8n-demo',
		'<rootDir>/dist/',
	],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	testTimeout: 20 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
	// each runtime's install and suite times, printed at the end
	reporters: ['default', '<rootDir>/test/e2e/timing-reporter.js'],
};
