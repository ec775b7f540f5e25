package io.trailscope.investigations;

import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What is normal for this organisation, so the canned investigations can show what is
 * not: the networks people sign in from ({@code trustedNetworks}, CIDRs), the working
 * night ({@code nightStart} to {@code nightEnd}, hours in {@code zone}), the regions in
 * use ({@code usualRegions}) and the {@code Create*} calls too frequent to be
 * interesting. Values become part of a query, so each is checked to be a plain token.
 */
@ConfigurationProperties("trailscope.investigations")
record InvestigationSettings(List<String> trustedNetworks, Integer nightStart, Integer nightEnd, ZoneId zone,
		List<String> usualRegions, List<String> noisyCreateEvents) {

	private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f:.]+(/\\d{1,3})?");

	private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

	private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9]+");

	InvestigationSettings {
		trustedNetworks = checked("trusted-networks", trustedNetworks, CIDR, List.of());
		nightStart = hour("night-start", nightStart, 20);
		nightEnd = hour("night-end", nightEnd, 6);
		zone = (zone != null) ? zone : ZoneId.of("UTC");
		usualRegions = checked("usual-regions", usualRegions, REGION, List.of());
		noisyCreateEvents = checked("noisy-create-events", noisyCreateEvents, EVENT_NAME, List.of("CreateLogStream",
				"CreateNetworkInterface", "CreateTags", "CreateGrant", "CreateMultipartUpload", "CreateToken"));
	}

	private static List<String> checked(String name, List<String> values, Pattern pattern, List<String> otherwise) {
		if (values == null) {
			return otherwise;
		}
		for (String value : values) {
			if (value == null || !pattern.matcher(value).matches()) {
				throw new IllegalArgumentException(
						"trailscope.investigations." + name + ": '" + value + "' is not valid");
			}
		}
		return List.copyOf(values);
	}

	private static int hour(String name, Integer value, int otherwise) {
		if (value == null) {
			return otherwise;
		}
		if (value < 0 || value > 23) {
			throw new IllegalArgumentException("trailscope.investigations." + name + " must be an hour from 0 to 23");
		}
		return value;
	}
}
