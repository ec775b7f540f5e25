package io.trailscope.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How large an upload to the Ingest page ({@code POST /ingest/uploads}) may be: each
 * file, and the whole request. Only that endpoint takes such bodies; every other one
 * keeps the servlet container's small multipart limits
 * ({@code spring.servlet.multipart.*}, 1 MB a file and 10 MB a request by default).
 */
@ConfigurationProperties("trailscope.upload")
record UploadSettings(DataSize maxFileSize, DataSize maxRequestSize) {

	UploadSettings {
		maxFileSize = (maxFileSize != null) ? maxFileSize : DataSize.ofMegabytes(512);
		maxRequestSize = (maxRequestSize != null) ? maxRequestSize : DataSize.ofMegabytes(512);
	}
}
