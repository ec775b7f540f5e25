package io.trailscope.investigations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.trailscope.investigations.Investigation.Parameter;
import io.trailscope.investigations.Investigation.Window;

/**
 * The canned investigations, written in the events query language and adapted to the
 * organisation's settings (trusted networks, night hours, usual regions).
 */
@Component
class CannedInvestigations {

	static final String SIGN_IN = "Sign-in";

	static final String PRIVILEGE = "Privilege and errors";

	static final String NETWORK = "Network exposure";

	static final String CHANGES = "Changes";

	static final String TRAIL = "The audit trail itself";

	private static final int NIGHTS = 7;

	private static final DateTimeFormatter NIGHT_LABEL = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

	private final InvestigationSettings settings;

	CannedInvestigations(InvestigationSettings settings) {
		this.settings = settings;
	}

	List<Investigation> all(Instant now) {
		return List.of(consoleWithoutMfa(), consoleFromOutside(), consoleAtNight(now), rootActivity(), topErrors(),
				accessDenied(), securityGroupChanges(), securityGroupsOpenToTheWorld(), iamChanges(), creates(),
				instanceLaunch(), unusualRegions(), trailTampering());
	}

	Optional<Investigation> find(String id, Instant now) {
		return all(now).stream().filter((investigation) -> investigation.id().equals(id)).findFirst();
	}

	private Investigation consoleWithoutMfa() {
		return Investigation.of("console-without-mfa", SIGN_IN, "Console sign-ins without MFA",
				"Successful AWS console sign-ins by IAM users or root that did not use multi-factor authentication.",
				"eventName:ConsoleLogin responseElements.ConsoleLogin:Success additionalEventData.MFAUsed:No "
						+ "userIdentity.type:(IAMUser OR Root)",
				"30d");
	}

	private Investigation consoleFromOutside() {
		List<String> networks = this.settings.trustedNetworks();
		return outsideNormal(
				new Investigation("console-untrusted-network", SIGN_IN, "Console sign-ins from outside your network",
						"Console sign-ins, successful or not, from addresses outside " + String.join(", ", networks)
								+ ".",
						"eventName:ConsoleLogin", "30d", List.of(), null),
				"sourceIPAddress", networks, "trusted-networks", "source IP");
	}

	private Investigation consoleAtNight(Instant now) {
		int start = this.settings.nightStart();
		int end = this.settings.nightEnd();
		List<Window> nights = new ArrayList<>();
		LocalDate today = now.atZone(this.settings.zone()).toLocalDate();
		// from tonight (if it has begun) backwards; a night that starts in the evening
		// ends the next morning
		for (int ago = 0; nights.size() < NIGHTS; ago++) {
			LocalDate evening = today.minusDays(ago);
			ZonedDateTime from = evening.atTime(start, 0).atZone(this.settings.zone());
			ZonedDateTime to = ((start > end) ? evening.plusDays(1) : evening).atTime(end, 0)
				.atZone(this.settings.zone());
			if (from.toInstant().isBefore(now)) {
				nights.add(new Window(NIGHT_LABEL.format(evening), from.toInstant(), to.toInstant()));
			}
		}
		return Investigation.of("console-at-night", SIGN_IN, "Console sign-ins at night",
				String.format(Locale.ROOT,
						"Console sign-ins between %02d:00 and %02d:00 (%s), one link per night, "
								+ "most recent first.",
						start, end, this.settings.zone().getId()),
				"eventName:ConsoleLogin", null)
			.withWindows(nights);
	}

	private Investigation rootActivity() {
		return Investigation.of("root-activity", PRIVILEGE, "Root activity",
				"Anything done with the account's root user, which day-to-day work should never need.",
				"userIdentity.type:Root", "90d");
	}

	private Investigation topErrors() {
		return Investigation.of("top-errors", PRIVILEGE, "Top errors",
				"Every failed call of the last day; the error code and principal facets rank the most frequent.",
				"errorCode:*", "24h");
	}

	private Investigation accessDenied() {
		String denied = "errorCode:(AccessDenied OR AccessDeniedException OR Client.UnauthorizedOperation "
				+ "OR UnauthorizedOperation)";
		return Investigation.of("access-denied", PRIVILEGE, "Access denied, by principal",
				"Calls refused for lack of permission: someone probing, or a broken deployment. The principal facet "
						+ "ranks who is being denied; enter a user name or ARN to follow one.",
				denied, "7d")
			.withParameter(new Parameter("Principal", "alice or arn:aws:iam::123456789012:user/alice",
					Pattern.compile("[\\w+=,.@:/-]{1,512}"), "a user name, role name or ARN",
					denied + " user:\"" + Investigation.VALUE + "\""));
	}

	private Investigation securityGroupChanges() {
		return Investigation.of("security-group-changes", NETWORK, "Security group changes",
				"Rules added, changed or removed, and security groups created or deleted.",
				"eventName:(AuthorizeSecurityGroupIngress OR AuthorizeSecurityGroupEgress OR "
						+ "RevokeSecurityGroupIngress OR RevokeSecurityGroupEgress OR ModifySecurityGroupRules OR "
						+ "CreateSecurityGroup OR DeleteSecurityGroup)",
				"30d");
	}

	private Investigation securityGroupsOpenToTheWorld() {
		return Investigation.of("security-groups-open-to-the-world", NETWORK,
				"Security groups opened to the whole internet",
				"Rules that allow traffic from any address, 0.0.0.0/0 or ::/0.",
				"eventName:(AuthorizeSecurityGroupIngress OR AuthorizeSecurityGroupEgress) "
						+ "(requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\" OR "
						+ "requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6:\"::/0\")",
				"90d");
	}

	private Investigation iamChanges() {
		return Investigation.of("iam-changes", CHANGES, "IAM changes",
				"Every IAM call that changes something: users, access keys, passwords, groups, policies and roles.",
				"eventSource:iam.amazonaws.com readOnly:false", "30d");
	}

	private Investigation creates() {
		return Investigation.of("creates", CHANGES, "Things being created",
				"Every Create* call except the noisy ones (" + String.join(", ", this.settings.noisyCreateEvents())
						+ "): new resources nobody may know about.",
				("eventName:Create* " + terms("-eventName:", this.settings.noisyCreateEvents())).strip(), "7d");
	}

	private Investigation instanceLaunch() {
		return Investigation
			.of("instance-launch", CHANGES, "Who launched this instance?",
					"The RunInstances call that created an EC2 instance, with who made it and from where.",
					"eventName:RunInstances", "all")
			.withParameter(new Parameter("Instance ID", "i-0123456789abcdef0",
					Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?"), "an instance ID such as i-0123456789abcdef0",
					"eventName:RunInstances " + Investigation.VALUE));
	}

	private Investigation unusualRegions() {
		List<String> regions = this.settings.usualRegions();
		return outsideNormal(new Investigation("unusual-regions", CHANGES, "Activity outside the usual regions",
				"Calls in any region other than " + String.join(", ", regions)
						+ ": a favourite of attackers mining crypto where nobody looks.",
				"", "30d", List.of(), null), "awsRegion", regions, "usual-regions", "region");
	}

	/**
	 * Narrows {@code base} to values of {@code field} outside what is configured as
	 * normal; with nothing configured it shows everything and says which setting and
	 * facet to use instead.
	 */
	private static Investigation outsideNormal(Investigation base, String field, List<String> normal, String setting,
			String facet) {
		if (normal.isEmpty()) {
			String query = base.query().isEmpty() ? field + ":*" : base.query();
			String description = "Nothing is configured as normal yet (trailscope.investigations." + setting
					+ "), so this shows everything; the " + facet + " facet shows what is usual.";
			return new Investigation(base.id(), base.section(), base.title(), description, query, base.range(),
					base.windows(), base.parameter());
		}
		String query = (base.query() + " " + terms("-" + field + ":", normal)).strip();
		return new Investigation(base.id(), base.section(), base.title(), base.description(), query, base.range(),
				base.windows(), base.parameter());
	}

	private Investigation trailTampering() {
		return Investigation.of("cloudtrail-tampering", TRAIL, "CloudTrail stopped, deleted or changed",
				"Someone turning the audit trail off or narrowing what it records.",
				"eventSource:cloudtrail.amazonaws.com eventName:(StopLogging OR DeleteTrail OR UpdateTrail OR "
						+ "PutEventSelectors)",
				"90d");
	}

	private static String terms(String prefix, List<String> values) {
		return values.stream().map((value) -> prefix + value).collect(Collectors.joining(" "));
	}

}
