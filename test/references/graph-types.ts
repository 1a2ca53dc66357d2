import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as ts from 'typescript';

/**
 * Microsoft's published Graph v1.0 types (@microsoft/microsoft-graph-types, generated from the v1.0
 * metadata), read with the TypeScript compiler API: each interface's properties with their declared
 * types, inherited ones included, and a check of a JSON value against a declared type.
 */

const PACKAGE = dirname(require.resolve('@microsoft/microsoft-graph-types/package.json'));
export const GRAPH_TYPES_VERSION = (
	JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string }
).version;

interface Declared {
	props: Map<string, ts.TypeNode>;
	bases: string[];
}

const interfaces = new Map<string, Declared>();
const aliases = new Map<string, ts.TypeNode>();

function load(): void {
	if (interfaces.size) return;
	const file = join(PACKAGE, 'microsoft-graph.d.ts');
	const source = ts.createSourceFile(
		file,
		readFileSync(file, 'utf8'),
		ts.ScriptTarget.Latest,
		false,
	);
	// Only the top level: the namespaces (CallRecords, Search, ...) are other workloads.
	for (const statement of source.statements) {
		if (ts.isInterfaceDeclaration(statement)) {
			const props = new Map<string, ts.TypeNode>();
			for (const member of statement.members) {
				if (ts.isPropertySignature(member) && member.type)
					props.set(member.name.getText(source).replace(/^["']|["']$/g, ''), member.type);
			}
			const bases = (statement.heritageClauses ?? []).flatMap((clause) =>
				clause.types.map((type) => type.expression.getText(source)),
			);
			interfaces.set(statement.name.text, { props, bases });
		} else if (ts.isTypeAliasDeclaration(statement)) {
			aliases.set(statement.name.text, statement.type);
		}
	}
}

/** The interface for an OData type name: `microsoft.graph.user` or `user` → `User`. */
export function interfaceFor(odataType: string): string {
	const name = odataType.replace(/^#?microsoft\.graph\./, '');
	return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The declared type of a property of an interface (inherited ones too), or undefined. */
export function propertyType(typeName: string, property: string): ts.TypeNode | undefined {
	load();
	const declared = interfaces.get(typeName);
	if (!declared)
		throw new Error(
			`No interface ${typeName} in @microsoft/microsoft-graph-types ${GRAPH_TYPES_VERSION}`,
		);
	return (
		declared.props.get(property) ??
		declared.bases.map((base) => propertyType(base, property)).find(Boolean)
	);
}

export function hasProperty(typeName: string, property: string): boolean {
	return propertyType(typeName, property) !== undefined;
}

/** Whether `name` derives from `base` (or is it). */
export function derivesFrom(name: string, base: string): boolean {
	load();
	return (
		name === base || (interfaces.get(name)?.bases ?? []).some((parent) => derivesFrom(parent, base))
	);
}

/**
 * Problems of a JSON value against a declared type: unknown properties, wrong primitive types,
 * arrays for scalars and the other way round. `null` is accepted (nearly every v1.0 property is
 * NullableOption). An object with `@odata.type` is checked against that type when it derives from
 * the declared one. Instance annotations (`@odata.*`, `x@delta`, `@removed`) are not properties.
 */
export function check(value: unknown, type: ts.TypeNode, path: string): string[] {
	if (value === null || value === undefined) return [];
	if (ts.isParenthesizedTypeNode(type)) return check(value, type.type, path);
	if (ts.isUnionTypeNode(type)) {
		const results = type.types.map((member) => check(value, member, path));
		return results.some((problems) => !problems.length) ? [] : results[0];
	}
	if (ts.isLiteralTypeNode(type)) {
		if (type.literal.kind === ts.SyntaxKind.NullKeyword) return [];
		return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} is not a string`];
	}
	if (ts.isArrayTypeNode(type)) {
		if (!Array.isArray(value)) return [`${path}: expected an array, got ${JSON.stringify(value)}`];
		return value.flatMap((element, index) => check(element, type.elementType, `${path}[${index}]`));
	}
	switch (type.kind) {
		case ts.SyntaxKind.StringKeyword:
			return typeof value === 'string'
				? []
				: [`${path}: expected a string, got ${JSON.stringify(value)}`];
		case ts.SyntaxKind.NumberKeyword:
			return typeof value === 'number'
				? []
				: [`${path}: expected a number, got ${JSON.stringify(value)}`];
		case ts.SyntaxKind.BooleanKeyword:
			return typeof value === 'boolean'
				? []
				: [`${path}: expected a boolean, got ${JSON.stringify(value)}`];
		case ts.SyntaxKind.AnyKeyword:
		case ts.SyntaxKind.UnknownKeyword:
			return [];
	}
	if (ts.isTypeReferenceNode(type)) {
		const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
		if (name === 'NullableOption' && type.typeArguments?.length)
			return check(value, type.typeArguments[0], path);
		load();
		const alias = aliases.get(name);
		if (alias) return check(value, alias, path);
		if (interfaces.has(name)) return checkObject(value, name, path);
	}
	return [];
}

/** Problems of a JSON object against an interface. */
export function checkObject(value: unknown, typeName: string, path: string): string[] {
	if (value === null || value === undefined) return [];
	if (typeof value !== 'object' || Array.isArray(value))
		return [`${path}: expected a ${typeName} object, got ${JSON.stringify(value)}`];
	const record = value as Record<string, unknown>;
	let actual = typeName;
	if (typeof record['@odata.type'] === 'string') {
		const named = interfaceFor(record['@odata.type']);
		if (derivesFrom(named, typeName)) actual = named;
		else return [`${path}: @odata.type ${record['@odata.type']} does not derive from ${typeName}`];
	}
	return Object.entries(record).flatMap(([key, item]) => {
		if (key.includes('@')) return [];
		const declared = propertyType(actual, key);
		if (!declared) return [`${path}.${key}: not a property of ${actual}`];
		return check(item, declared, `${path}.${key}`);
	});
}
