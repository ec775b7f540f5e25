package io.trailscope.query;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.trailscope.query.Query.All;
import io.trailscope.query.Query.And;
import io.trailscope.query.Query.Exists;
import io.trailscope.query.Query.Match;
import io.trailscope.query.Query.Not;
import io.trailscope.query.Query.Or;
import io.trailscope.query.Query.Text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QueryParserTest {

	@Test
	void blankQueryMatchesEverything() {
		assertThat(QueryParser.parse("")).isEqualTo(new All());
		assertThat(QueryParser.parse("   \t")).isEqualTo(new All());
		assertThat(QueryParser.parse(null)).isEqualTo(new All());
	}

	@Test
	void parsesFieldValue() {
		assertThat(QueryParser.parse("eventName:ConsoleLogin")).isEqualTo(Match.of("eventName", "ConsoleLogin"));
	}

	@Test
	void keepsWildcardsInUnquotedValues() {
		Query query = QueryParser.parse("eventName:Create*");
		assertThat(query).isEqualTo(Match.of("eventName", "Create*"));
		assertThat(((Match) query).wildcard()).isTrue();
	}

	@Test
	void quotedValuesAreLiteral() {
		Query query = QueryParser.parse("userAgent:\"aws-cli/2.* (linux)\"");
		assertThat(query).isEqualTo(Match.quoted("userAgent", "aws-cli/2.* (linux)"));
		assertThat(((Match) query).wildcard()).isFalse();
	}

	@Test
	void unescapesQuotesAndBackslashesInQuotes() {
		assertThat(QueryParser.parse("errorMessage:\"say \\\"no\\\" to C:\\\\temp\""))
			.isEqualTo(Match.quoted("errorMessage", "say \"no\" to C:\\temp"));
		// any other backslash is literal
		assertThat(QueryParser.parse("errorMessage:\"C:\\temp\"")).isEqualTo(Match.quoted("errorMessage", "C:\\temp"));
	}

	@Test
	void valueRunsToWhitespaceOrClosingParenthesisWithColonsSlashesAndEquals() {
		assertThat(QueryParser.parse("userIdentity.arn:arn:aws:iam::123:user/alice"))
			.isEqualTo(Match.of("userIdentity.arn", "arn:aws:iam::123:user/alice"));
		assertThat(QueryParser.parse("(arn:arn:aws:iam::123:role/x)"))
			.isEqualTo(Match.of("arn", "arn:aws:iam::123:role/x"));
		assertThat(QueryParser.parse("requestParameters.filter:a=b,c=d"))
			.isEqualTo(Match.of("requestParameters.filter", "a=b,c=d"));
		assertThat(QueryParser.parse("sourceIPAddress:2001:db8::/32"))
			.isEqualTo(Match.of("sourceIPAddress", "2001:db8::/32"));
	}

	@Test
	void parsesExistsAndMissing() {
		assertThat(QueryParser.parse("errorCode:*")).isEqualTo(new Exists("errorCode"));
		assertThat(QueryParser.parse("-errorCode:*")).isEqualTo(new Not(new Exists("errorCode")));
		// a quoted star is the value "*"
		assertThat(QueryParser.parse("errorCode:\"*\"")).isEqualTo(Match.quoted("errorCode", "*"));
	}

	@Test
	void parsesNegations() {
		assertThat(QueryParser.parse("-eventName:CreateLogStream"))
			.isEqualTo(new Not(Match.of("eventName", "CreateLogStream")));
		assertThat(QueryParser.parse("NOT eventName:CreateLogStream"))
			.isEqualTo(new Not(Match.of("eventName", "CreateLogStream")));
		assertThat(QueryParser.parse("not (a b)")).isEqualTo(new Not(new And(List.of(Text.word("a"), Text.word("b")))));
		assertThat(QueryParser.parse("NOT -a")).isEqualTo(new Not(new Not(Text.word("a"))));
		assertThat(QueryParser.parse("-\"a phrase\"")).isEqualTo(new Not(Text.phrase("a phrase")));
	}

	@Test
	void expandsValueLists() {
		assertThat(QueryParser.parse("userIdentity.type:(IAMUser OR Root)")).isEqualTo(
				new Or(List.of(Match.of("userIdentity.type", "IAMUser"), Match.of("userIdentity.type", "Root"))));
		assertThat(QueryParser.parse("user:(alice OR \"bob smith\" OR arn:aws:iam::1:user/carol)"))
			.isEqualTo(new Or(List.of(Match.of("user", "alice"), Match.quoted("user", "bob smith"),
					Match.of("user", "arn:aws:iam::1:user/carol"))));
		assertThat(QueryParser.parse("eventName:(Create* AND NOT CreateTags)")).isEqualTo(
				new And(List.of(Match.of("eventName", "Create*"), new Not(Match.of("eventName", "CreateTags")))));
		assertThat(QueryParser.parse("errorCode:(* -AccessDenied)"))
			.isEqualTo(new And(List.of(new Exists("errorCode"), new Not(Match.of("errorCode", "AccessDenied")))));
	}

	@Test
	void parsesFreeText() {
		assertThat(QueryParser.parse("i-0123456789abcdef0")).isEqualTo(Text.word("i-0123456789abcdef0"));
		assertThat(QueryParser.parse("\"alice smith\"")).isEqualTo(Text.phrase("alice smith"));
		assertThat(QueryParser.parse("i-0ab*")).isEqualTo(Text.word("i-0ab*"));
		assertThat(((Text) QueryParser.parse("i-0ab*")).wildcard()).isTrue();
	}

	@Test
	void termsSideBySideAreAnded() {
		assertThat(QueryParser.parse("eventName:RunInstances i-0123456789abcdef0"))
			.isEqualTo(new And(List.of(Match.of("eventName", "RunInstances"), Text.word("i-0123456789abcdef0"))));
		assertThat(QueryParser.parse("a AND b and c"))
			.isEqualTo(new And(List.of(Text.word("a"), Text.word("b"), Text.word("c"))));
	}

	@Test
	void notBindsTighterThanAndTighterThanOr() {
		Query query = QueryParser.parse("a -b c OR NOT d e OR f");
		assertThat(query)
			.isEqualTo(new Or(List.of(new And(List.of(Text.word("a"), new Not(Text.word("b")), Text.word("c"))),
					new And(List.of(new Not(Text.word("d")), Text.word("e"))), Text.word("f"))));
		assertThat(QueryParser.parse("a AND b OR c"))
			.isEqualTo(new Or(List.of(new And(List.of(Text.word("a"), Text.word("b"))), Text.word("c"))));
		assertThat(QueryParser.parse("a OR b AND c"))
			.isEqualTo(new Or(List.of(Text.word("a"), new And(List.of(Text.word("b"), Text.word("c"))))));
	}

	@Test
	void parenthesesGroup() {
		assertThat(QueryParser.parse("(a OR b) c"))
			.isEqualTo(new And(List.of(new Or(List.of(Text.word("a"), Text.word("b"))), Text.word("c"))));
		assertThat(QueryParser.parse("((a))")).isEqualTo(Text.word("a"));
	}

	@Test
	void keywordsAreCaseInsensitiveAndQuotedKeywordsAreText() {
		assertThat(QueryParser.parse("a or b")).isEqualTo(new Or(List.of(Text.word("a"), Text.word("b"))));
		assertThat(QueryParser.parse("\"or\"")).isEqualTo(Text.phrase("or"));
		assertThat(QueryParser.parse("oracle orange"))
			.isEqualTo(new And(List.of(Text.word("oracle"), Text.word("orange"))));
	}

	@Test
	void hyphenatedWordsStartingWithAKeywordAreWords() {
		assertThat(QueryParser.parse("not-found or-else"))
			.isEqualTo(new And(List.of(Text.word("not-found"), Text.word("or-else"))));
	}

	@Test
	void topLevelKeysOfTheRecordAreFields() {
		assertThat(QueryParser.parse("vpcEndpointId:vpce-1 APIVERSION:*"))
			.isEqualTo(new And(List.of(Match.of("vpcEndpointId", "vpce-1"), new Exists("APIVERSION"))));
		assertThat(Fields.isRecordPath("requestParameters")).isTrue();
		assertThat(Fields.isRecordPath("eventName")).isFalse();
		assertThat(Fields.isRecordPath("nothing")).isFalse();
	}

	@Test
	void suggestsTheFieldMeant() {
		assertThatExceptionOfType(QuerySyntaxException.class).isThrownBy(() -> QueryParser.parse("evntName:x"))
			.withMessage("Unknown field 'evntName' at position 0: did you mean 'eventName'?");
		assertThatExceptionOfType(QuerySyntaxException.class).isThrownBy(() -> QueryParser.parse("a eventTime:x"))
			.withMessage(
					"'eventTime' cannot be searched in the query at position 2: choose the time with the time range.");
	}

	@Test
	void conjunctsAreTheChips() {
		assertThat(QueryParser.parse("a user:c OR d e").conjuncts()).hasSize(1);
		assertThat(QueryParser.parse("a (b OR c) -d").conjuncts()).extracting(Query::toQueryString)
			.containsExactly("a", "b OR c", "-d");
		assertThat(QueryParser.parse("").conjuncts()).isEmpty();
		assertThat(Query.and(List.of(QueryParser.parse("a"), Match.literal("eventName", "x"))).toQueryString())
			.isEqualTo("a eventName:x");
	}

	@Test
	void literalMatchesQuoteOnlyWhenNeeded() {
		assertThat(Match.literal("eventName", "ConsoleLogin").toQueryString()).isEqualTo("eventName:ConsoleLogin");
		assertThat(Match.literal("userIdentity.arn", "arn:aws:iam::1:user/a").toQueryString())
			.isEqualTo("userIdentity.arn:arn:aws:iam::1:user/a");
		assertThat(Match.literal("userAgent", "aws-cli/2 (linux)").toQueryString())
			.isEqualTo("userAgent:\"aws-cli/2 (linux)\"");
		assertThat(Match.literal("errorMessage", "a*b").wildcard()).isFalse();
		assertThat(Match.literal("errorMessage", "").toQueryString()).isEqualTo("errorMessage:\"\"");
		for (String value : List.of("ConsoleLogin", "a*b", "say \"hi\"", "x)", "", "C:\\")) {
			Match match = Match.literal("errorMessage", value);
			assertThat(QueryParser.parse(match.toQueryString())).isEqualTo(match);
		}
	}

	@Test
	void fieldNamesAreKeptAsTyped() {
		assertThat(QueryParser.parse("EVENTNAME:x")).isEqualTo(Match.of("EVENTNAME", "x"));
		assertThat(QueryParser.parse("requestparameters.bucketName:b"))
			.isEqualTo(Match.of("requestparameters.bucketName", "b"));
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"eventName:ConsoleLogin responseElements.ConsoleLogin:Success additionalEventData.MFAUsed:No "
					+ "userIdentity.type:(IAMUser OR Root)",
			"errorCode:*", "-eventName:CreateLogStream",
			"(requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\" OR "
					+ "requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6:\"::/0\")",
			"user:\"alice\"", "eventName:RunInstances i-0123456789abcdef0", "a -b c OR NOT d e OR f",
			"NOT (a OR b) -(c d)", "NOT NOT a", "(a b) c", "a (b c)", "(a OR b) OR c", "a OR (b OR c)",
			"errorMessage:\"say \\\"no\\\" \\\\ *\"", "-errorCode:* -\"x y\" \"or\" \"-z\"",
			"user:(alice OR \"bob smith\")", "f.g:(a OR b) OR f.g:c", "userIdentity.arn:arn:aws:iam::123:user/alice",
			"eventName:(Create* AND NOT CreateTags)", "requestParameters.a:b.c", "-eventName:(a OR b) c",
			"ip:2001:db8::/32 ip:(10.0.0.0/8 OR 192.168.1.1)", "requestParameters.x:\"\"" })
	void canonicalTextParsesBackToTheSameQuery(String text) {
		Query query = QueryParser.parse(text);
		String canonical = query.toQueryString();
		assertThat(QueryParser.parse(canonical)).as(canonical).isEqualTo(query);
		assertThat(QueryParser.parse(canonical).toQueryString()).isEqualTo(canonical);
	}

	@Test
	void canonicalTextIsWhatAnalystsWrite() {
		assertThat(QueryParser.parse("  userIdentity.type:( IAMUser  or Root )  eventName:x ").toQueryString())
			.isEqualTo("userIdentity.type:(IAMUser OR Root) eventName:x");
		assertThat(QueryParser.parse("NOT eventName:x").toQueryString()).isEqualTo("-eventName:x");
		assertThat(QueryParser.parse("a AND (b OR c)").toQueryString()).isEqualTo("a (b OR c)");
		assertThat(QueryParser.parse("user:\"alice\"").toQueryString()).isEqualTo("user:\"alice\"");
	}

	@Test
	void buildsCollapsedQueries() {
		assertThat(Query.and(List.of())).isEqualTo(new All());
		assertThat(Query.and(List.of(new All(), Text.word("a")))).isEqualTo(Text.word("a"));
		assertThat(Query.or(List.of(Text.word("a")))).isEqualTo(Text.word("a"));
		assertThat(Query.and(List.of(Text.word("a"), Text.word("b"))).toQueryString()).isEqualTo("a b");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "(a OR b|0|'(' at position 0 is never closed",
			"a (b (c)|2|'(' at position 2 is never closed", "eventName:(a OR b|10|'(' at position 10 is never closed",
			"a OR b)|6|Unexpected ')' at position 6", ")|0|Unexpected ')' at position 0",
			"a OR|2|'OR' at position 2 needs a term after it", "OR a|0|'OR' at position 0 needs a term before it",
			"a AND|2|'AND' at position 2 needs a term after it", "AND a|0|'AND' at position 0 needs a term before it",
			"a OR OR b|2|'OR' at position 2 needs a term after it, not 'OR'",
			"a AND OR b|2|'AND' at position 2 needs a term after it, not 'OR'",
			"a NOT|2|'NOT' at position 2 needs a term after it", "(a NOT)|3|'NOT' at position 3 needs a term after it",
			"NOT OR a|0|'NOT' at position 0 needs a term after it, not 'OR'",
			"a -|2|'-' at position 2 must be followed by a term", "- a|0|'-' at position 0 must be followed by a term",
			"eventName:|10|The value of 'eventName' is missing at position 10",
			"eventName: ConsoleLogin|10|The value of 'eventName' is missing at position 10",
			"(eventName:)|11|The value of 'eventName' is missing at position 11",
			"\"alice|0|The quote at position 0 is never closed",
			"user:\"alice|5|The quote at position 5 is never closed",
			"user:\"alice\\\"|5|The quote at position 5 is never closed",
			":value|0|':' at position 0 has no field name before it",
			"a :b|2|':' at position 2 has no field name before it",
			"eventName:()|10|Empty value list for 'eventName' at position 10",
			"eventName:( )|10|Empty value list for 'eventName' at position 10", "()|0|Empty parentheses at position 0",
			"a ( ) b|2|Empty parentheses at position 2", "\"\"|0|Empty phrase at position 0",
			"foo:bar|0|Unknown field 'foo' at position 0",
			"x (ip:1.2.3.4 bogus:1)|14|Unknown field 'bogus' at position 14",
			"requestParameters..x:1|0|'requestParameters..x' is not a valid path",
			"readOnly:maybe|9|'readOnly' is true or false, not 'maybe' at position 9",
			"mfa:(true OR yes)|13|'userIdentity.sessionContext.attributes.mfaAuthenticated' is true or false, not 'yes'",
			"sourceIPAddress:72.21.0.0/33|16|'72.21.0.0/33' is not a valid address or CIDR",
			"ip:10.0.0.300|3|'10.0.0.300' is not a valid address or CIDR",
			"ip:2001:db8:::1|3|'2001:db8:::1' is not a valid address or CIDR",
			"ip:foo/8|3|'foo/8' is not a valid address or CIDR", "user:ab\"c\"|7|'\"' inside a value at position 7",
			"user:a(b)|6|'(' inside a value at position 6",
			"\"a\"b|3|'b' at position 3 directly follows a closing quote",
			"user:\"a\"b|8|'b' at position 8 directly follows a closing quote",
			"abc\"def\"|3|'\"' at position 3 follows 'abc' without a space",
			"abc(def)|3|'(' at position 3 follows 'abc' without a space" })
	void reportsWhatIsWrongAndWhere(String text, int position, String message) {
		assertThatExceptionOfType(QuerySyntaxException.class).isThrownBy(() -> QueryParser.parse(text))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(position);
				assertThat(ex.getMessage()).startsWith(message);
			});
	}

	@Test
	void refusesDeepNestingAtTheFirstLevelOverTheCap() {
		int over = QueryParser.MAX_DEPTH + 1;
		assertRefused("(".repeat(100) + "a" + ")".repeat(100), QueryParser.MAX_DEPTH,
				"The query nests too deeply at position 64 (at most 64 levels)");
		assertRefused("eventName:" + "(".repeat(over) + "a" + ")".repeat(over), 10 + QueryParser.MAX_DEPTH,
				"The query nests too deeply at position 74");
		assertRefused("NOT ".repeat(over) + "a", 4 * QueryParser.MAX_DEPTH,
				"The query nests too deeply at position 256");
		assertRefused("-".repeat(over) + "a", QueryParser.MAX_DEPTH, "The query nests too deeply at position 64");
		String deepest = "(".repeat(QueryParser.MAX_DEPTH) + "a" + ")".repeat(QueryParser.MAX_DEPTH);
		assertThat(QueryParser.parse(deepest)).isEqualTo(Text.word("a"));
	}

	@Test
	void refusesParenthesesNestedAHundredThousandDeepWithoutOverflowingTheStack() {
		String deep = "(".repeat(100_000) + "a" + ")".repeat(100_000);
		assertThatExceptionOfType(QuerySyntaxException.class).isThrownBy(() -> QueryParser.parse(deep));
		// under the length cap, the nesting cap is what stops it
		String deepWithinLength = "(".repeat(2_000) + "a" + ")".repeat(2_000);
		assertRefused(deepWithinLength, QueryParser.MAX_DEPTH, "The query nests too deeply");
		String unclosed = "(".repeat(QueryParser.MAX_LENGTH);
		assertRefused(unclosed, QueryParser.MAX_DEPTH, "The query nests too deeply");
	}

	@Test
	void refusesQueriesLongerThanTheCapAtTheFirstCharacterOver() {
		String longest = "\"" + "x".repeat(QueryParser.MAX_LENGTH - 2) + "\"";
		assertThat(QueryParser.parse(longest)).isEqualTo(Text.phrase("x".repeat(QueryParser.MAX_LENGTH - 2)));
		assertRefused(longest + " ", QueryParser.MAX_LENGTH,
				"The query is 4097 characters long; at most 4096 are accepted (the excess starts at position 4096)");
		assertRefused("a ".repeat(QueryParser.MAX_LENGTH), QueryParser.MAX_LENGTH, "The query is 8192 characters long");
	}

	@Test
	void acceptsSixtyFourTermsAndRefusesTheSixtyFifthAtItsPosition() {
		List<String> words = IntStream.range(0, QueryParser.MAX_TERMS + 1).mapToObj((i) -> "w" + i).toList();
		String allowed = String.join(" ", words.subList(0, QueryParser.MAX_TERMS));
		assertThat(QueryParser.parse(allowed).conjuncts()).hasSize(QueryParser.MAX_TERMS);
		assertThat(new QueryCompiler().compile(QueryParser.parse(allowed), "q").params())
			.hasSize(QueryParser.MAX_TERMS);
		String over = allowed + " OR w64";
		assertRefused(over, over.indexOf("w64"),
				"At most 64 terms in a query, at position " + over.indexOf("w64") + ": ");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "eventName:x", "errorCode:*", "\"a phrase\"", "requestParameters.bucketName:\"b\"",
			"-word", "(word)" })
	void countsEveryKindOfTermTowardsTheCap(String last) {
		String query = "w ".repeat(QueryParser.MAX_TERMS) + last;
		int at = 2 * QueryParser.MAX_TERMS + (last.startsWith("-") || last.startsWith("(") ? 1 : 0);
		assertRefused(query, at, "At most 64 terms in a query, at position " + at);
	}

	@Test
	void countsEachValueOfAFieldListAsATerm() {
		String values = IntStream.range(0, QueryParser.MAX_TERMS)
			.mapToObj((i) -> "E" + i)
			.collect(Collectors.joining(" OR "));
		assertThat(QueryParser.parse("eventName:(" + values + ")")).isInstanceOf(Or.class);
		String oneMore = "eventName:(" + values + " OR \"E64\")";
		assertRefused(oneMore, oneMore.indexOf("\"E64\""), "At most 64 terms in a query");
		String wordFirst = "a eventName:(" + values + ")";
		assertRefused(wordFirst, wordFirst.indexOf("E63"), "At most 64 terms in a query");
	}

	@Test
	void refusesASecondAnyDepthSegmentAtItsPosition() {
		assertRefused("**.**.**.**.**.**.zz:1", 3,
				"At most one ** (any depth) in a path, at position 3: '**.**.**.**.**.**.zz' has more");
		String query = "eventName:x requestParameters.**.items.**:sg-1";
		assertRefused(query, query.lastIndexOf("**"), "At most one ** (any depth) in a path, at position 39");
		assertRefused("a responseElements.**.**:*", 22, "At most one ** (any depth) in a path, at position 22");
		assertRefused("-requestParameters.**.**:(a OR b)", 22, "At most one ** (any depth) in a path, at position 22");
	}

	@Test
	void acceptsOneAnyDepthSegmentWithAKeyBesideIt() {
		assertThat(QueryParser.parse("requestParameters.**:sg-0abc"))
			.isEqualTo(Match.of("requestParameters.**", "sg-0abc"));
		assertThat(QueryParser.parse("**.bucketName:b")).isEqualTo(Match.of("**.bucketName", "b"));
		assertThat(QueryParser.parse("requestParameters.*.**.cidrIp:*"))
			.isEqualTo(new Exists("requestParameters.*.**.cidrIp"));
	}

	@Test
	void refusesAPathOfWildcardsAloneAtThePathsPosition() {
		assertRefused("*.**:x", 0, "The path '*.**' names no key at position 0: write at least one key");
		assertRefused("a **.*:*", 2, "The path '**.*' names no key at position 2");
		assertRefused("*.*:x", 0, "The path '*.*' names no key at position 0");
	}

	private static void assertRefused(String text, int position, String message) {
		assertThatExceptionOfType(QuerySyntaxException.class).isThrownBy(() -> QueryParser.parse(text))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(position);
				assertThat(ex.getMessage()).startsWith(message);
			});
	}

	@Test
	void acceptsAddressValuesAndNonAddresses() {
		for (String value : List.of("72.21.0.0/16", "203.0.113.7", "::/0", "2001:db8::1", "::ffff:10.0.0.1",
				"ec2.amazonaws.com", "\"AWS Internal\"", "10.0.*", "1.2.3")) {
			assertThat(QueryParser.parse("sourceIPAddress:" + value)).isInstanceOf(Match.class);
		}
	}

}
