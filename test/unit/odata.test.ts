import {
	buildQuery,
	encodePathSegment,
	escapeODataString,
	groupPath,
	isAdvancedQuery,
	isGuid,
	isMailNickname,
	isUsageLocation,
	isUserPrincipalName,
	mailNicknameFromUpn,
	odataString,
	searchAny,
	searchClause,
	userPath,
} from '../../nodes/transport/odata';

describe('OData literals', () => {
	it('doubles single quotes (OData ABNF: SQUOTE-in-string = SQUOTE SQUOTE)', () => {
		expect(escapeODataString("O'Brien")).toBe("O''Brien");
		expect(odataString("O'Brien")).toBe("'O''Brien'");
		expect(odataString("''")).toBe("''''''");
	});

	it('keeps a hostile value inside one literal', () => {
		const literal = odataString("x' or userType eq 'Guest");
		expect(literal).toBe("'x'' or userType eq ''Guest'");
		// Stripping every escaped quote pair must leave exactly the two delimiters.
		expect(literal.replace(/''/g, '').split("'").length - 1).toBe(2);
	});

	it('quotes $search clauses and escapes quotes inside them', () => {
		expect(searchClause('displayName', 'Adele')).toBe('"displayName:Adele"');
		expect(searchClause('displayName', 'say "hi"')).toBe('"displayName:say \\"hi\\""');
		expect(searchAny(['displayName', 'mail'], 'ad')).toBe('"displayName:ad" OR "mail:ad"');
	});
});

describe('path segments', () => {
	it('encodes # of guest UPNs as %23 (Graph user docs)', () => {
		expect(userPath('a#EXT#@b.com')).toBe('/users/a%23EXT%23%40b.com');
	});

	it("uses the /users('$upn') form for a UPN starting with $ (Graph get-user docs)", () => {
		expect(userPath('$adm@x.com')).toBe("/users('$adm%40x.com')");
		expect(userPath("$o'b@x.com")).toBe("/users('$o''b%40x.com')");
	});

	it('never lets a value climb out of its segment', () => {
		expect(userPath('../x')).toBe('/users/..%2Fx');
		expect(userPath('%2F')).toBe('/users/%252F');
		expect(groupPath('a/b?c=d')).toBe('/groups/a%2Fb%3Fc%3Dd');
		expect(() => encodePathSegment('..')).toThrow(/not a valid identifier/);
		expect(() => userPath('.')).toThrow(/not a valid identifier/);
	});

	it('keeps the resolved URL under /users for every hostile input', () => {
		for (const input of ["O'Brien", 'a#EXT#@b.com', '$adm@x.com', '../x', '%2F', 'a?b', 'a b']) {
			const url = new URL(`https://graph.microsoft.com/v1.0${userPath(input)}`);
			expect(url.pathname.startsWith('/v1.0/users')).toBe(true);
			expect(url.search).toBe('');
			expect(url.hash).toBe('');
		}
	});
});

describe('validators', () => {
	it('recognises GUIDs', () => {
		expect(isGuid('8f0b7c6e-2f4d-4e39-9a55-3c1d2b7e6a10')).toBe(true);
		expect(isGuid('8f0b7c6e2f4d4e399a553c1d2b7e6a10')).toBe(false);
	});

	it('accepts UPN characters Graph allows and refuses others', () => {
		expect(isUserPrincipalName('adele.vance@contoso.com')).toBe(true);
		expect(isUserPrincipalName("o'brien@contoso.com")).toBe(true);
		expect(isUserPrincipalName('a_b-c!d#e^f~g@contoso.com')).toBe(true);
		expect(isUserPrincipalName('guest_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe(true);
		expect(isUserPrincipalName('$adm@x.com')).toBe(true);
		expect(isUserPrincipalName('no spaces@contoso.com')).toBe(false);
		expect(isUserPrincipalName('a@b')).toBe(false);
		expect(isUserPrincipalName('.lead@contoso.com')).toBe(false);
		expect(isUserPrincipalName('a..b@contoso.com')).toBe(false);
		expect(isUserPrincipalName('a$b@contoso.com')).toBe(false);
	});

	it('checks mailNickname and usage location', () => {
		expect(isMailNickname('adele.vance')).toBe(true);
		expect(isMailNickname('has space')).toBe(false);
		expect(isMailNickname('a@b')).toBe(false);
		expect(isMailNickname('x'.repeat(65))).toBe(false);
		expect(mailNicknameFromUpn('adele.vance@contoso.com')).toBe('adele.vance');
		expect(isUsageLocation('US')).toBe(true);
		expect(isUsageLocation('us')).toBe(false);
		expect(isUsageLocation('USA')).toBe(false);
	});
});

describe('query strings', () => {
	it('encodes values with %20 and keeps $ in option names', () => {
		expect(
			buildQuery({ $filter: "startswith(displayName,'A B')", $top: 999, skip: undefined }),
		).toBe("$filter=startswith(displayName%2C'A%20B')&$top=999");
	});

	it('flags the advanced queries that need ConsistencyLevel: eventual (aad-advanced-queries docs)', () => {
		expect(isAdvancedQuery({ $search: '"displayName:ad"' })).toBe(true);
		expect(isAdvancedQuery({ $count: true })).toBe(true);
		expect(isAdvancedQuery({ $filter: "endswith(mail,'@contoso.com')" })).toBe(true);
		expect(isAdvancedQuery({ $filter: 'accountEnabled ne true' })).toBe(true);
		expect(isAdvancedQuery({ $filter: "not(startswith(displayName,'a'))" })).toBe(true);
		expect(isAdvancedQuery({ $filter: 'accountEnabled eq true', $orderby: 'displayName' })).toBe(
			true,
		);
		expect(isAdvancedQuery({ $filter: "displayName eq 'not ne endswith('" })).toBe(false);
		expect(isAdvancedQuery({ $filter: "startswith(displayName,'a')" })).toBe(false);
		expect(isAdvancedQuery({ $orderby: 'displayName' })).toBe(false);
	});

	it('treats casts, filters and searches on relationship listings as advanced (List members / memberOf docs)', () => {
		expect(isAdvancedQuery({}, '/users/u1/memberOf/microsoft.graph.group')).toBe(true);
		expect(isAdvancedQuery({}, '/groups/g1/transitiveMembers/microsoft.graph.user')).toBe(true);
		expect(isAdvancedQuery({ $filter: "id eq 'x'" }, '/groups/g1/members')).toBe(true);
		expect(isAdvancedQuery({ $select: 'id' }, '/groups/g1/members')).toBe(false);
		expect(isAdvancedQuery({}, '/directory/deletedItems/microsoft.graph.user')).toBe(false);
		expect(isAdvancedQuery({ $filter: "id eq 'x'" }, '/users')).toBe(false);
	});
});
