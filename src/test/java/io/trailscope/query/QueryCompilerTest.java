package io.trailscope.query;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QueryCompilerTest {

	private final QueryCompiler compiler = new QueryCompiler();

	@ParameterizedTest
	@ValueSource(strings = { "eventName:\"x' or '1'='1\"", "user:robert';drop*", "requestParameters.a:\"$.b == 1\"",
			"\"union select\"", "resource:\"'}]}\"", "ip:\"evil';--\"", "errorMessage:*';--*", "Robert';drop*" })
	void valuesNeverBecomeSqlText(String query) {
		SqlCondition condition = this.compiler.compile(QueryParser.parse(query), "q");
		assertThat(condition.sql()).doesNotContain("'1'")
			.doesNotContain("drop")
			.doesNotContain("$.b")
			.doesNotContain("union")
			.doesNotContain("}]}")
			.doesNotContain("evil")
			.doesNotContain(";");
		assertThat(condition.params()).isNotEmpty().allSatisfy((name, value) -> assertThat(name).startsWith("q"));
	}

	@Test
	void namesParametersWithThePrefix() {
		SqlCondition condition = this.compiler.compile(QueryParser.parse("eventName:A user:b c"), "filter_");
		assertThat(condition.params()).containsKeys("filter_0", "filter_1", "filter_2");
		assertThat(condition.sql()).contains(":filter_0").doesNotContain(":q");
	}

	@Test
	void refusesPrefixesThatAreNotIdentifiers() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.compiler.compile(new Query.All(), "a-b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.compiler.compile(new Query.All(), ""));
	}

	@Test
	void negationCountsMissingValuesAsNotMatching() {
		assertThat(this.compiler.compile(QueryParser.parse("-errorCode:AccessDenied"), "q").sql())
			.isEqualTo("not coalesce((e.error_code = :q0), false)");
	}

	@Test
	void exactValuesUseEqualityAndWildcardsEscapeLike() {
		SqlCondition exact = this.compiler.compile(QueryParser.parse("eventName:Get_Object%"), "q");
		assertThat(exact.sql()).isEqualTo("e.event_name = :q0");
		assertThat(exact.params()).containsEntry("q0", "Get_Object%");
		SqlCondition wildcard = this.compiler.compile(QueryParser.parse("eventName:Get_*%\\"), "q");
		assertThat(wildcard.sql()).isEqualTo("e.event_name like :q0");
		assertThat(wildcard.params()).containsEntry("q0", "Get\\_%\\%\\\\");
	}

	@Test
	void recordPathsBecomeBoundJsonpathWithQuotedKeys() {
		SqlCondition condition = this.compiler.compile(Query.Match.of("requestparameters.a\"b.c", "5"), "q");
		assertThat(condition.sql()).isEqualTo("e.record @@ cast(:q0 as jsonpath)");
		assertThat(condition.params()).containsEntry("q0",
				"$.\"requestParameters\".\"a\\\"b\".\"c\" == \"5\" || $.\"requestParameters\".\"a\\\"b\".\"c\" == 5");
	}

	@Test
	void wildcardsOnRecordPathsAreAnchoredRegexesWithEverythingElseLiteral() {
		assertThat(QueryCompiler.regex("sg-0a*.x(y)")).isEqualTo("^sg\\-0a.*\\.x\\(y\\)$");
		assertThat(QueryCompiler.jsonPath(List.of("a", "b\\c"))).isEqualTo("$.\"a\".\"b\\\\c\"");
	}

	@Test
	void oneAnyDepthSegmentCompilesToADescendantStep() {
		assertThat(this.compiler.compile(QueryParser.parse("**.bucketName:b"), "q").params()).containsEntry("q0",
				"$.**.\"bucketName\" == \"b\"");
		assertThat(this.compiler.compile(QueryParser.parse("requestParameters.**:*"), "q").params()).containsEntry("q0",
				"exists($.\"requestParameters\".**)");
	}

	@Test
	void refusesHandBuiltPathsWithASecondAnyDepthSegmentOrNoKeyWithoutAPosition() {
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(Query.Match.of("**.**.zz", "1"), "q"))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(-1);
				assertThat(ex.getMessage()).startsWith("At most one ** (any depth) in a path: '**.**.zz' has more");
			});
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(Query.not(new Query.Exists("requestParameters.**.**")), "q"))
			.withMessageStartingWith("At most one ** (any depth) in a path: ");
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(Query.Match.of("*.**", "x"), "q"))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(-1);
				assertThat(ex.getMessage()).startsWith("The path '*.**' names no key: ");
			});
	}

	@Test
	void addressesAndCidrsUseTheInetColumn() {
		assertThat(this.compiler.compile(QueryParser.parse("ip:10.0.0.0/8"), "q").sql())
			.isEqualTo("e.source_ip <<= cast(:q0 as inet)");
		assertThat(this.compiler.compile(QueryParser.parse("ip:\"AWS Internal\""), "q").sql())
			.isEqualTo("e.source_address = :q0");
	}

	@Test
	void freeTextWordUsesTheTerms() {
		SqlCondition condition = this.compiler.compile(QueryParser.parse("I-0ABC"), "q");
		assertThat(condition.sql()).isEqualTo("e.search_terms @> array[cast(:q0 as text)]");
		assertThat(condition.params()).containsEntry("q0", "i-0abc");
	}

}
