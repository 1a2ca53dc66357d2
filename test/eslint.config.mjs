// Lint rules for the test code (test/**). ESLint uses this file instead of the root eslint.config.mjs
// (n8n's default config, kept verbatim for strict mode) for every file under test/, because `npm run
// lint` turns on ESLint's config lookup from each file's folder (the `unstable_config_lookup_from_file`
// flag of ESLint 9, the default behaviour of ESLint 10). Test code may use timers, child processes,
// console and Node's globals, which n8n's community rules rightly forbid in shipped nodes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		// What the n8n installs, the benchmark and the e2e runs put under test/ (never committed).
		ignores: [
			'runtime/n8n*/**',
			'runtime/node24/**',
			'runtime/.*/**',
			'bench/.work/**',
			'bench/.build/**',
			'e2e/artifacts/**',
			// CommonJS helpers and configs (jest configs, runtime launcher) stay plain JavaScript, unlinted
			// as before.
			'**/*.js',
		],
	},
	{
		// Tests carry `eslint-disable-next-line no-console` lines from the ESLint 8 configuration, which did
		// not report unused directives; console is allowed here, so they are harmless.
		linterOptions: { reportUnusedDisableDirectives: 'off' },
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: {
			globals: { ...globals.node, ...globals.jest },
			parserOptions: {
				project: ['../tsconfig.json'],
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			// A test that forgets to await a promise passes without checking anything.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrors: 'none',
					ignoreRestSiblings: true,
				},
			],
			// Tests read Graph's JSON answers as they come.
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/consistent-type-imports': [
				'error',
				{ fixStyle: 'separate-type-imports' },
			],
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'no-console': 'off',
		},
	},
	{
		// Node scripts of the suite (the scanner run).
		files: ['**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node },
	},
);
