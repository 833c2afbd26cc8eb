// Runs before the page is drawn (a blocking script in <head>, no inline script so the CSP holds).
// After a quick exit, Back or reopening the app must never show a question or an answer: any
// survey page goes straight to the welcome page, where the draft waits behind "Continue".
try {
	if (
		localStorage.getItem('be-supported:exited') === '1' &&
		location.pathname.indexOf('/survey/') === 0
	)
		location.replace('/');
} catch (error) {
	// Storage blocked: nothing was recorded, nothing to guard.
}
