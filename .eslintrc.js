/**
 * n8n's lint rules for community packages: package.json (community), credentials and nodes; the
 * TypeScript recommended rules for the tests (test/e2e and test/runtime not yet).
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**', 'test/runtime/n8n*/**', 'test/runtime/node24/**', 'test/runtime/.*/**', 'test/bench/.work/**', 'test/bench/.build/**'],
	overrides: [
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
			parserOptions: { project: null },
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// The rule's own docs: "Only applicable to nodes in the main repository", where documentation
				// URLs are slugs; a community package links a full URL.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// n8n's community scanner turns these off and asks for NodeConnectionTypes.Main instead.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			},
		},
		{
			files: ['./test/**/*.ts'],
			plugins: ['@typescript-eslint'],
			extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
			env: { jest: true },
			rules: {
				// A test that forgets to await a promise passes without checking anything.
				'@typescript-eslint/no-floating-promises': 'error',
				'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
				'@typescript-eslint/await-thenable': 'error',
				'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
				// Tests read Graph's JSON answers as they come.
				'@typescript-eslint/no-explicit-any': 'off',
				'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
				eqeqeq: ['error', 'always', { null: 'ignore' }],
				'no-console': 'off',
			},
		},
	],
};
