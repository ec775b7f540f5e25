package io.trailscope.sample;

import java.util.Locale;

import io.trailscope.sample.Records.Call;
import io.trailscope.sample.World.User;

/** User agents of the shapes real clients send. */
final class UserAgents {

	static final String[] BROWSERS = {
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:126.0) Gecko/20100101 Firefox/126.0",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15" };

	static final String TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.8.3 (+https://www.terraform.io) "
			+ "terraform-provider-aws/5.50.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
			+ "aws-sdk-go-v2/1.27.0 os/linux lang/go#1.22.3";

	static final String JAVA_SDK = "aws-sdk-java/2.25.60 Linux/6.1.91-99.172.amzn2023.x86_64 "
			+ "OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. io/sync http/Apache";

	static final String SSM_AGENT = "aws-sdk-go/1.44.302 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.380.0";

	static final String CLOUDWATCH_AGENT = "aws-sdk-go/1.48.6 (go1.22.2; linux; amd64) CWAgent/1.300039.0b612";

	static final String SAML = "aws-internal/3 aws-sdk-java/1.12.720 Linux/5.10.216-182.855.amzn2int.x86_64 "
			+ "OpenJDK_64-Bit_Server_VM/17.0.11+10-LTS java/17.0.11 vendor/Amazon.com_Inc. cfg/retry-mode/standard";

	static final String GITHUB_CREDENTIALS = "configure-aws-credentials-for-github-actions";

	static final String KALI_CLI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off";

	private UserAgents() {
	}

	/**
	 * What an actor's client sends with a call: its own if it has one, else that of the
	 * tool its kind uses.
	 */
	static String of(Actor actor, Call c) {
		if (actor.userAgent != null) {
			return actor.userAgent;
		}
		return switch (actor.kind) {
			case CI -> TERRAFORM;
			case CHAINED_SESSION -> actor.user != null ? cli(actor.user.name().length(), c.source, c.name) : TERRAFORM;
			case SERVICE_USER -> JAVA_SDK;
			case INSTANCE ->
				c.source.startsWith("ssm") ? SSM_AGENT : c.source.startsWith("logs") ? CLOUDWATCH_AGENT : JAVA_SDK;
			case FUNCTION -> boto3Lambda();
			case GITHUB -> githubCli(c.source, c.name);
			case CONFIG -> "config.amazonaws.com";
			case SSO_CONSOLE, IAM_CONSOLE, SWITCHED -> browser(actor.user);
			case INCIDENT_ADMIN, INCIDENT_USER -> kali(c.source, c.name);
			default -> actor.user != null ? cli(actor.user.name().length(), c.source, c.name) : boto3();
		};
	}

	/** A person keeps one browser, so that their console sessions look alike. */
	static String browser(User person) {
		return BROWSERS[Math.floorMod(person.name().hashCode(), BROWSERS.length)];
	}

	/**
	 * The CLI on a person's machine; {@code flavour} picks the machine, so a person keeps
	 * theirs.
	 */
	static String cli(int flavour, String source, String eventName) {
		String base = switch (Math.floorMod(flavour, 3)) {
			case 0 -> "aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 "
					+ "md/pyimpl#CPython cfg/retry-mode#standard";
			case 1 -> "aws-cli/2.17.4 Python/3.11.9 Linux/6.5.0-41-generic exe/x86_64.ubuntu.22 prompt/off";
			default -> "aws-cli/2.16.12 Python/3.11.8 Windows/10 exe/AMD64 prompt/off";
		};
		return base + " " + (flavour % 3 == 0 ? "md/command#" : "command/") + command(source, eventName);
	}

	static String githubCli(String source, String eventName) {
		return "aws-cli/2.17.0 Python/3.11.8 Linux/6.5.0-1022-azure exe/x86_64.ubuntu.22 prompt/off command/"
				+ command(source, eventName);
	}

	static String kali(String source, String eventName) {
		return KALI_CLI + " command/" + command(source, eventName);
	}

	static String boto3Lambda() {
		return "Boto3/1.34.101 md/Botocore#1.34.101 ua/2.0 os/linux#5.10.216-225.855.amzn2.x86_64 md/arch#x86_64 "
				+ "lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy "
				+ "Botocore/1.34.101";
	}

	static String boto3() {
		return "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.1.91-99.172.amzn2023.x86_64 md/arch#x86_64 "
				+ "lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84";
	}

	/**
	 * "ec2" + "DescribeInstances" → "ec2.describe-instances", as the CLI names its
	 * commands.
	 */
	static String command(String source, String eventName) {
		String service = source.substring(0, source.indexOf('.'));
		int version = eventName.indexOf("20150331");
		String name = version < 0 ? eventName : eventName.substring(0, version);
		StringBuilder b = new StringBuilder(service).append('.');
		for (int i = 0; i < name.length(); i++) {
			char ch = name.charAt(i);
			if (Character.isUpperCase(ch) && i > 0) {
				b.append('-');
			}
			b.append(Character.toLowerCase(ch));
		}
		return b.toString().toLowerCase(Locale.ROOT);
	}

}
