// trailscope.js: behaviour shared by every page. No inline scripts anywhere (the CSP forbids them).

// htmx requests that change state carry the CSRF token as a header; plain forms carry it as a
// hidden field that Thymeleaf adds to every th:action form.
document.addEventListener('htmx:configRequest', (event) => {
	if (event.detail.verb === 'get') {
		return;
	}
	const token = document.querySelector('meta[name="csrf-token"]');
	const header = document.querySelector('meta[name="csrf-header"]');
	if (token && header) {
		event.detail.headers[header.content] = token.content;
	}
});
