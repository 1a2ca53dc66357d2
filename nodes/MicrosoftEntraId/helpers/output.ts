import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/*
 * The output convention of every operation (README "Output"): an item is the object's own
 * properties, never OData annotations (`@odata.context`, `@odata.type`, `@odata.etag`, ...).
 * Where a listing mixes object types (members, owners, a manager), `objectType` says which one
 * each is (`user`, `group`, `device`, `orgContact`, `servicePrincipal`).
 *
 * Node version 1 kept some annotations in its output (Group > Get, Group > Create, License > Add or
 * Remove, the member listings); workflows saved with it may read them, so for version 1 nodes only
 * the additions (`objectType`, the license summary) apply and nothing is taken away.
 */

/** The first node version whose outputs carry no annotations. */
export const ANNOTATION_FREE_VERSION = 1.1;

function dropsAnnotations(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion >= ANNOTATION_FREE_VERSION;
}

/** `#microsoft.graph.user` -> `user`; undefined when there is no type annotation. */
export function objectTypeOf(object: IDataObject): string | undefined {
	const type = object['@odata.type'];
	if (typeof type !== 'string' || !type) return undefined;
	return type.replace(/^#?microsoft\.graph\./, '');
}

/**
 * One output object. `typed`: add `objectType` from the object's `@odata.type` (listings and
 * relations whose objects may be of several types).
 */
export function outputObject(
	ctx: IExecuteFunctions,
	object: IDataObject | undefined,
	options: { typed?: boolean } = {},
): IDataObject {
	const source = object ?? {};
	const result: IDataObject = {};
	const drop = dropsAnnotations(ctx);
	for (const [key, value] of Object.entries(source)) {
		if (drop && key.startsWith('@odata.')) continue;
		result[key] = value;
	}
	if (options.typed) {
		const type = objectTypeOf(source);
		if (type) result.objectType = type;
	}
	return result;
}

/**
 * An object without the annotations of the response itself (`@odata.context`, `@odata.etag`); its
 * `@odata.type` stays, for outputObject's `objectType`.
 */
export function withoutContextAndEtag(object: IDataObject | undefined): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object ?? {})) {
		if (key === '@odata.context' || key === '@odata.etag') continue;
		result[key] = value;
	}
	return result;
}
