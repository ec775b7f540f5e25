package io.trailscope.events;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import io.trailscope.query.Fields;

/**
 * {@code /events/help}: the query language, its fields and examples to copy. The fields
 * table comes from {@link Fields#all()}, and every example here is checked to parse and
 * compile, so the page cannot drift from the language.
 */
@Controller
class QueryHelpController {

	/**
	 * One form of the syntax: how it is written, what it means, and a query that uses it.
	 */
	record Form(String form, String meaning, String example) {
	}

	/** A query worth copying and what it finds. */
	record Example(String query, String finds) {
	}

	static final List<Form> FORMS = List.of(
			new Form("field:value", "The field has exactly this value (case-sensitive, as CloudTrail writes it).",
					"eventName:ConsoleLogin"),
			new Form("field:val*", "Wildcards: * stands for any characters, anywhere in the value.",
					"eventName:Delete*"),
			new Form("field:\"quoted value\"",
					"A value with spaces, parentheses or quotes; inside quotes \\\" is a quote, \\\\ a backslash, "
							+ "and * is just a star.",
					"userAgent:\"AWS Internal\""),
			new Form("field:(a OR b)", "Any of the values (AND and NOT work inside too).",
					"userIdentity.type:(IAMUser OR Root)"),
			new Form("field:*", "The field is present and not empty.", "errorCode:*"),
			new Form("-field:*", "The field is missing or empty.", "-errorCode:*"),
			new Form("-field:value or NOT field:value",
					"Excludes the value. Events without the field are kept: -errorCode:AccessDenied includes the "
							+ "calls that did not fail.",
					"-eventName:CreateLogStream"),
			new Form("a b or a AND b", "Both (terms side by side are ANDed).",
					"eventSource:iam.amazonaws.com readOnly:false"),
			new Form("a OR b", "Either.", "eventName:StopLogging OR eventName:DeleteTrail"),
			new Form("( )", "Grouping. Without parentheses NOT binds tightest, then AND, then OR.",
					"(errorCode:AccessDenied OR errorCode:UnauthorizedOperation) user:alice"),
			new Form("word", "Free text: a value anywhere in the record (case-insensitive; see below).",
					"i-0123456789abcdef0"),
			new Form("\"quoted phrase\"", "Free text: values that contain the phrase, words in this order.",
					"\"not authorized to perform\""),
			new Form("word*", "Free text with a wildcard; slower, so keep the time range short.", "i-0abc*"));

	static final List<Example> EXAMPLES = List.of(
			new Example("eventName:ConsoleLogin responseElements.ConsoleLogin:Success additionalEventData.MFAUsed:No",
					"Successful console sign-ins without MFA."),
			new Example("eventName:ConsoleLogin -sourceIPAddress:203.0.113.0/24",
					"Console sign-ins from outside a network (IPv6 CIDRs work the same)."),
			new Example("userIdentity.type:Root", "Anything done as the root user."),
			new Example("errorCode:(AccessDenied OR AccessDeniedException OR Client.UnauthorizedOperation)",
					"Calls refused for lack of permission."),
			new Example("user:alice OR user:*/alice",
					"Everything alice did: as the IAM user alice, and in role sessions named alice."),
			new Example("user:admin/alice-session", "The calls of one role session, as the lists show it."),
			new Example("userIdentity.arn:arn:aws:iam::123456789012:user/alice",
					"One principal by ARN: no quotes needed around an ARN."),
			new Example("role:OrganizationAccountAccessRole", "Everything done with a role's temporary credentials."),
			new Example("key:AKIAIOSFODNN7EXAMPLE", "Every call signed with one access key."),
			new Example("eventName:RunInstances i-0123456789abcdef0", "Who launched this instance."),
			new Example("resource:arn:aws:s3:::my-bucket",
					"Calls on a bucket (its ARN in resources, or the name anywhere)."),
			new Example("requestParameters.bucketName:my-bucket eventName:(PutBucketPolicy OR DeleteBucketPolicy)",
					"Bucket policy changes of one bucket."),
			new Example(
					"(requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\" OR "
							+ "requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6:\"::/0\")",
					"Security group rules opened to the whole internet (paths look through arrays)."),
			new Example("eventSource:iam.amazonaws.com readOnly:false -eventName:(CreateServiceLinkedRole OR TagRole)",
					"IAM changes, without the routine ones."),
			new Example("eventName:(CreateAccessKey OR CreateLoginProfile OR UpdateLoginProfile) -user:terraform",
					"New credentials, not made by automation."),
			new Example("eventSource:cloudtrail.amazonaws.com eventName:(StopLogging OR DeleteTrail OR UpdateTrail)",
					"Someone turning the trail off."),
			new Example("-awsRegion:(us-east-1 OR eu-west-1) readOnly:false", "Changes outside the regions in use."),
			new Example("mfa:false readOnly:false type:AssumedRole",
					"Changes made in role sessions issued without MFA."),
			new Example("requestParameters.durationSeconds:43200",
					"Sessions asked for 12 hours (numbers match as numbers)."),
			new Example("userAgent:*Boto3* -eventSource:sts.amazonaws.com", "Calls from Python scripts."));

	@GetMapping("/events/help")
	String help(Model model) {
		model.addAttribute("forms", FORMS);
		model.addAttribute("fields", Fields.all());
		model.addAttribute("examples", EXAMPLES);
		return "events/help";
	}

}
