/**
 * A Start tap that came before the app's script had run. The inline script in src/app.html keeps
 * it (the form is not followed) and marks the button busy; the welcome page, once running, takes
 * it here and starts the survey as if the tap had come now. Until the app runs, the form stays a
 * real form: if the script never arrives the inline script follows it after a few seconds.
 */
interface EarlyStart {
	tapped: boolean;
	appRunning: boolean;
}

/** Tells the inline script the app now handles Start itself; true when a tap is waiting. */
export function takeEarlyStart(scope: object = globalThis): boolean {
	const early = (scope as { __beSupportedEarlyStart?: EarlyStart }).__beSupportedEarlyStart;
	if (!early) return false;
	early.appRunning = true;
	const wasTapped = early.tapped;
	early.tapped = false;
	return wasTapped;
}
