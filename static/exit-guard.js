// Runs before the page is drawn (a blocking script in <head>, no inline script so the CSP holds).
// After a quick exit, Back or reopening the app must never show a question or an answer: any
// survey page goes straight to the welcome page, where the draft waits behind "Continue".
try {
	if (
		localStorage.getItem('be-supported:exited') === '1' &&
		location.pathname.indexOf('/survey/') === 0 &&
		// Start tapped on the welcome page before its script ran (its form adds ?start): that page
		// starts a new survey, or sends the person back here when one is unfinished.
		!/[?&]start=/.test(location.search)
	)
		location.replace('/');
} catch (error) {
	// Storage blocked: nothing was recorded, nothing to guard.
}
