package io.trailscope.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTokenTest {

	@Test
	void anEmptyBoxIsAFieldNameAboutToBeTyped() {
		QueryToken token = QueryToken.at("", 0);
		assertThat(token.inValue()).isFalse();
		assertThat(token.value()).isEmpty();
		assertThat(token.start()).isZero();
		assertThat(token.end()).isZero();
		assertThat(token.afterTerm()).isFalse();
	}

	@Test
	void aColonPutsTheCaretInTheFieldsValue() {
		QueryToken token = QueryToken.at("errorCode:* eventName:Des", 25);
		assertThat(token.field()).isEqualTo("eventName");
		assertThat(token.value()).isEqualTo("Des");
		assertThat(token.keep()).isEqualTo("eventName:");
		assertThat(token.start()).isEqualTo(12);
		assertThat(token.end()).isEqualTo(25);
		assertThat(token.afterTerm()).isTrue();
	}

	@Test
	void aNegationIsKeptBeforeWhatReplacesTheTerm() {
		QueryToken name = QueryToken.at("-acc", 4);
		assertThat(name.negation()).isEqualTo("-");
		assertThat(name.value()).isEqualTo("acc");
		assertThat(name.keep()).isEqualTo("-");
		QueryToken value = QueryToken.at("!errorCode:Acc", 14);
		assertThat(value.keep()).isEqualTo("!errorCode:");
		assertThat(value.value()).isEqualTo("Acc");
	}

	@Test
	void theTermAtACaretInTheMiddleRunsToItsEnd() {
		QueryToken token = QueryToken.at("eventName:Get region:us-ea errorCode:*", 23);
		assertThat(token.field()).isEqualTo("region");
		assertThat(token.start()).isEqualTo(14);
		assertThat(token.end()).isEqualTo(26);
		assertThat(token.value()).isEqualTo("us-ea");
	}

	@Test
	void aValueInsideAGroupNamesTheGroupsFieldAndKeepsNothing() {
		QueryToken token = QueryToken.at("eventName:(Get* OR De", 21);
		assertThat(token.field()).isEqualTo("eventName");
		assertThat(token.value()).isEqualTo("De");
		assertThat(token.keep()).isEmpty();
		assertThat(token.start()).isEqualTo(19);
	}

	@Test
	void anOpeningParenthesisOrQuoteIsNotPartOfTheValueTyped() {
		QueryToken group = QueryToken.at("eventName:(Ge", 13);
		assertThat(group.field()).isEqualTo("eventName");
		assertThat(group.value()).isEqualTo("Ge");
		assertThat(group.start()).isEqualTo(11);
		QueryToken opened = QueryToken.at("eventName:(", 11);
		assertThat(opened.field()).isEqualTo("eventName");
		assertThat(opened.keep()).isEmpty();
		QueryToken quoted = QueryToken.at("userAgent:\"aws-cli", 18);
		assertThat(quoted.field()).isEqualTo("userAgent");
		assertThat(quoted.value()).isEqualTo("aws-cli");
	}

	@Test
	void spacesInsideQuotesDoNotEndTheTerm() {
		QueryToken token = QueryToken.at("errorMessage:\"not auth", 22);
		assertThat(token.start()).isZero();
		assertThat(token.field()).isEqualTo("errorMessage");
		assertThat(token.value()).isEqualTo("not auth");
	}

	@Test
	void aCaretOutsideTheTextIsClamped() {
		assertThat(QueryToken.at("eventName:X", 99).end()).isEqualTo(11);
		assertThat(QueryToken.at("eventName:X", -3).start()).isZero();
		assertThat(QueryToken.at(null, 0).value()).isEmpty();
	}

}
