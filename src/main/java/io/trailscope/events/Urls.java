package io.trailscope.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links with query parameters, every name and value encoded strictly: a literal {@code +}
 * in a value (user agents, queries) would otherwise reach the server as a space.
 */
final class Urls {

	private Urls() {
	}

	static String of(String path, Map<String, ? extends List<String>> parameters) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		List<Object> values = new ArrayList<>();
		for (Map.Entry<String, ? extends List<String>> entry : parameters.entrySet()) {
			for (String value : entry.getValue()) {
				uri.queryParam("{p" + values.size() + "}", "{p" + (values.size() + 1) + "}");
				values.add(entry.getKey());
				values.add(value);
			}
		}
		return uri.encode().buildAndExpand(values.toArray()).toUriString();
	}

}
