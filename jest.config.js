/** Jest runs every offline suite: unit, emulator and integration tests (no n8n install needed). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'/dist/',
		'<rootDir>/test/e2e/',
		'<rootDir>/test/runtime/',
		'<rootDir>/test/bench/',
	],
	// The n8n installs under test/runtime hold their own node_modules: keep them out of the module map
	// (the bench's n8n folder and compiled copy under test/bench too).
	modulePathIgnorePatterns: [
		'<rootDir>/test/runtime/',
		'<rootDir>/dist/',
		'<rootDir>/test/bench/.work/',
		'<rootDir>/test/bench/.build/',
	],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 60000,
};
