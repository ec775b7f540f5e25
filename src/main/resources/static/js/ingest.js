/* ingest.js: the Ingest page. Shows how far the browser has sent an upload (htmx reports the XHR's
   upload progress); the server's side of the load is shown by the polled job list. */
(function () {
	function uploadForm(event) {
		var form = event.target;
		return form && form.matches && form.matches('form.ingest-upload') ? form : null;
	}

	document.addEventListener('htmx:beforeRequest', function (event) {
		var form = uploadForm(event);
		if (!form) {
			return;
		}
		var bar = form.querySelector('progress.upload-progress');
		var status = form.querySelector('.upload-status');
		if (bar) {
			bar.hidden = false;
			bar.removeAttribute('value');
		}
		if (status) {
			status.textContent = 'Sending…';
		}
		var button = form.querySelector('button[type=submit]');
		if (button) {
			button.disabled = true;
		}
	});

	document.addEventListener('htmx:xhr:progress', function (event) {
		var form = uploadForm(event);
		if (!form || !event.detail || !event.detail.lengthComputable) {
			return;
		}
		var bar = form.querySelector('progress.upload-progress');
		var status = form.querySelector('.upload-status');
		if (bar) {
			bar.max = event.detail.total;
			bar.value = event.detail.loaded;
		}
		if (status) {
			var percent = Math.floor(event.detail.loaded * 100 / Math.max(1, event.detail.total));
			status.textContent = percent < 100 ? 'Sent ' + percent + '%' : 'Sent; saving on the server…';
		}
	});

	document.addEventListener('htmx:afterRequest', function (event) {
		var form = uploadForm(event);
		if (!form || event.detail.successful) {
			return;
		}
		var button = form.querySelector('button[type=submit]');
		if (button) {
			button.disabled = false;
		}
		var status = form.querySelector('.upload-status');
		if (status) {
			status.textContent = (event.detail.xhr && event.detail.xhr.status === 413)
				? 'Too large for the server\'s upload limit: send fewer or smaller files at once.'
				: 'The upload did not go through.';
		}
	});
})();
