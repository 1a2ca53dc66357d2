import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { holdsExpression, nodeParameter } from '../../nodes/MicrosoftEntraId/helpers/nodeParameter';
import { emulatorCredentials, executeNode } from '../harness';

/*
 * nodeParameter in n8n-core's real execution context: a parameter without an expression is evaluated
 * once per run and every item gets its own copy; a parameter with an expression (anywhere inside it)
 * is evaluated for each item.
 */

let reads = 0;

/** Reads `fixed`, `perItem` and `nested` for every item through nodeParameter, counting n8n's reads. */
const probe: INodeType = {
	description: {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads parameters per item',
		defaults: { name: 'Parameter Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Fixed', name: 'fixed', type: 'string', default: '' },
			{ displayName: 'Per Item', name: 'perItem', type: 'string', default: '' },
			{
				displayName: 'Nested',
				name: 'nested',
				type: 'collection',
				default: {},
				options: [{ displayName: 'Title', name: 'title', type: 'string', default: '' }],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [{ displayName: 'Flag', name: 'flag', type: 'boolean', default: false }],
			},
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const counting = new Proxy(this, {
			get: (target, key) => {
				if (key !== 'getNodeParameter') return Reflect.get(target, key) as unknown;
				return (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
					if (!(args[3] as IDataObject | undefined)?.rawExpressions) reads += 1;
					return (target.getNodeParameter as (...a: unknown[]) => unknown)(...args);
				};
			},
		});
		return [
			this.getInputData().map((_, itemIndex) => {
				const options = nodeParameter(counting, 'options', itemIndex, {}) as IDataObject;
				const json = {
					fixed: nodeParameter(counting, 'fixed', itemIndex, ''),
					perItem: nodeParameter(counting, 'perItem', itemIndex, ''),
					nested: nodeParameter(counting, 'nested', itemIndex, {}),
					missing: nodeParameter(counting, 'notSet', itemIndex, 'fallback'),
					flag: options.flag,
				} as IDataObject;
				options.flag = 'changed by item'; // must not reach the next item
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	},
};

const credentials = emulatorCredentials(
	'http://127.0.0.1:9',
	{ clientId: 'id', clientSecret: 'secret' },
	'contoso.onmicrosoft.com',
);

describe('nodeParameter', () => {
	beforeEach(() => {
		reads = 0;
	});

	it('evaluates a parameter without an expression once, and expressions for each item', async () => {
		const items = [{ json: { name: 'a' } }, { json: { name: 'b' } }, { json: { name: 'c' } }];
		const { output } = await executeNode(
			probe,
			{
				fixed: 'same',
				perItem: '={{ $json.name }}',
				nested: { title: '=Dr. {{ $json.name }}' },
				options: { flag: true },
			},
			items,
			{ credentials },
		);
		expect(output[0].map((item) => item.json)).toEqual([
			{ fixed: 'same', perItem: 'a', nested: { title: 'Dr. a' }, missing: 'fallback', flag: true },
			{ fixed: 'same', perItem: 'b', nested: { title: 'Dr. b' }, missing: 'fallback', flag: true },
			{ fixed: 'same', perItem: 'c', nested: { title: 'Dr. c' }, missing: 'fallback', flag: true },
		]);
		// fixed and options once; perItem, nested and the missing one for each of the 3 items
		expect(reads).toBe(2 + 3 * 3);
	});

	it('tells expressions from plain values as n8n does (a string starting with "=")', () => {
		expect(holdsExpression('={{ $json.id }}')).toBe(true);
		expect(holdsExpression({ __rl: true, mode: 'id', value: '={{ $json.id }}' })).toBe(true);
		expect(holdsExpression([{ a: 1 }, { b: ['x', '=y'] }])).toBe(true);
		expect(
			holdsExpression({ __rl: true, mode: 'id', value: 'be7c4000-0000-4000-8000-000000000001' }),
		).toBe(false);
		expect(holdsExpression('a = b')).toBe(false);
		expect(holdsExpression({ n: 5, on: true, none: null })).toBe(false);
	});
});
