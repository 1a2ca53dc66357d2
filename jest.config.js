/** Jest runs every offline suite: unit, emulator and integration tests (no n8n install needed). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/', '<rootDir>/test/runtime/'],
	// The n8n installs under test/runtime hold their own node_modules: keep them out of the module map.
	modulePathIgnorePatterns: ['<rootDir>/test/runtime/', '<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 60000,
};
