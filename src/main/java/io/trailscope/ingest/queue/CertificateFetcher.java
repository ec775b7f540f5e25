package io.trailscope.ingest.queue;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Fetches the certificate whose key signs SNS messages. {@link SnsSignatures} decides
 * which URLs may be asked and keeps what was fetched; a test supplies certificates of its
 * own.
 */
interface CertificateFetcher {

	/**
	 * @throws IOException if it cannot be fetched now (the network, a server's error):
	 * the message may be verified later
	 * @throws CertificateException if the answer is no certificate, or no answer will
	 * ever be one (refused, not found)
	 */
	X509Certificate fetch(URI url) throws IOException, CertificateException;

}
