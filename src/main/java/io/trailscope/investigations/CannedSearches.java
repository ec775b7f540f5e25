package io.trailscope.investigations;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * What other modules may ask of the investigations: the canned searches for what stands
 * out in any trail (root activity, sign-ins without MFA, IAM changes, security groups
 * opened to the internet, the trail turned off, refused calls), in the order a summary
 * shows them. Their queries are those of the investigations page, adapted to the same
 * settings, so that a summary and the page never disagree.
 */
@Component
public class CannedSearches {

	/** The ids of the notable searches, in their order. */
	static final List<String> NOTABLE = List.of("root-activity", "console-without-mfa", "iam-changes",
			"security-groups-open-to-the-world", "cloudtrail-tampering", "access-denied");

	private final CannedInvestigations canned;

	private final Clock clock;

	CannedSearches(CannedInvestigations canned, Clock clock) {
		this.canned = canned;
		this.clock = clock;
	}

	/** The canned searches for what stands out, each one query over any window. */
	public List<CannedSearch> notable() {
		return NOTABLE.stream()
			.map(id -> this.canned.find(id, this.clock.instant()).orElseThrow())
			.map(investigation -> new CannedSearch(investigation.id(), investigation.title(), investigation.query(),
					"/investigations#" + investigation.id()))
			.toList();
	}

}
