import type { INode, INodePropertyOptions, INodeTypeDescription, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { MicrosoftEntraId } from '../../../../nodes/MicrosoftEntraId/MicrosoftEntraId.node';
import { resources } from '../../../../nodes/MicrosoftEntraId/actions/resources';
import { ACTION_TEXTS, SUBTITLE } from '../../../../nodes/MicrosoftEntraId/actions/subtitle';

/*
 * The canvas subtitle is built from a readable table (actions/subtitle.ts) instead of one long
 * literal: the expression it builds shows, for every resource and operation, the operation picker's
 * action text, and the operation's value for a pair it does not know, as the literal did.
 */

const description = new MicrosoftEntraId().description;

function subtitleOf(parameters: Record<string, unknown>): unknown {
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: description.name,
		typeVersion: 1.2,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const nodeTypes = {
		getByName: () => undefined,
		getByNameAndVersion: () => ({ description }),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		(description as INodeTypeDescription).subtitle as string,
		'internal',
		{},
	);
}

const pickerActions = Object.entries(resources).flatMap(([resource, module]) =>
	module.description
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.options as INodePropertyOptions[]).map(
				(option) => [resource, String(option.value), option.action ?? ''] as const,
			),
		),
);
const tableActions = Object.entries(ACTION_TEXTS).flatMap(([resource, operations]) =>
	Object.entries(operations).map(([operation, text]) => [resource, operation, text] as const),
);

describe('action node subtitle (actions/subtitle.ts)', () => {
	it('the node shows the expression built from the table', () => {
		expect(description.subtitle).toBe(SUBTITLE);
	});

	it("the table holds exactly the operation pickers' action texts", () => {
		expect([...tableActions].sort()).toEqual([...pickerActions].sort());
		expect(tableActions).toHaveLength(57);
	});

	it.each(tableActions)('%s > %s shows "%s"', (resource, operation, text) => {
		expect(subtitleOf({ resource, operation })).toBe(text);
	});

	it('a pair the table does not know shows the operation value', () => {
		expect(subtitleOf({ resource: 'user', operation: 'somethingNew' })).toBe('somethingNew');
		expect(subtitleOf({ resource: 'group', operation: 'disable' })).toBe('disable');
	});
});
