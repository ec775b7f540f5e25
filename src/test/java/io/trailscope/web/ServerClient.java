package io.trailscope.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of a running console, as a browser or a script would be: plain HTTP/1.1,
 * cookies and CSRF tokens handled by hand, so that a test sees exactly what the server
 * sends.
 */
final class ServerClient {

	static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern META_TOKEN = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

	private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final int port;

	ServerClient(int port) {
		this.port = port;
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Signs in with the form; the session's cookie and the CSRF token its pages carry.
	 */
	Session signIn(String name, String password) throws IOException, InterruptedException {
		HttpResponse<String> page = send(request("/login"));
		String cookie = "JSESSIONID=" + find(SESSION, page.headers().firstValue("Set-Cookie").orElseThrow());
		String form = "username=" + name + "&password=" + password + "&_csrf=" + find(FORM_TOKEN, page.body());
		HttpResponse<String> signedIn = send(request("/login").header("Cookie", cookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		String session = "JSESSIONID=" + find(SESSION, signedIn.headers().firstValue("Set-Cookie").orElseThrow());
		HttpResponse<String> home = send(request("/").header("Cookie", session));
		return new Session(session, find(META_TOKEN, home.body()));
	}

	static String find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException(pattern + " not in " + text);
		}
		return matcher.group(1);
	}

	record Session(String cookie, String csrfToken) {
	}

	/**
	 * A multipart body of one file of {@code size} zero bytes, made as it is read and
	 * counting what the server took of it.
	 */
	static final class MultipartBody extends InputStream {

		static final String BOUNDARY = "trailscope-test-boundary";

		private final byte[] head;

		private final byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);

		private final long length;

		private final AtomicLong read = new AtomicLong();

		MultipartBody(String filename, long size) {
			this.head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			this.length = this.head.length + size + this.tail.length;
		}

		HttpRequest.BodyPublisher publisher() {
			return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> this),
					this.length);
		}

		String contentType() {
			return "multipart/form-data; boundary=" + BOUNDARY;
		}

		long sent() {
			return this.read.get();
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int count) {
			long position = this.read.get();
			if (position >= this.length) {
				return -1;
			}
			int n = (int) Math.min(count, this.length - position);
			for (int i = 0; i < n; i++) {
				long at = position + i;
				long fromTail = at - (this.length - this.tail.length);
				buffer[offset + i] = (at < this.head.length) ? this.head[(int) at]
						: (fromTail >= 0) ? this.tail[(int) fromTail] : 0;
			}
			this.read.addAndGet(n);
			return n;
		}

	}

}
