/**
 * Prettier settings of n8n's node starter template (`n8n-node new`, n8n-nodes-starter): tabs, single
 * quotes, trailing commas, LF, 100 columns. https://prettier.io/docs/en/options.html
 */
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
