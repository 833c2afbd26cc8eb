import { describe, expect, it } from 'vitest';
import { takeEarlyStart } from '../../src/lib/state/early-start.js';

// The other half, src/app.html's inline script, is tested in Chromium (start-before-hydration.spec.ts).
describe('takeEarlyStart: the Start tap kept from before the app ran', () => {
	it('reports a kept tap once, and tells the inline script the app now handles Start', () => {
		const scope = { __beSupportedEarlyStart: { tapped: true, appRunning: false } };
		expect(takeEarlyStart(scope)).toBe(true);
		expect(scope.__beSupportedEarlyStart).toEqual({ tapped: false, appRunning: true });
		expect(takeEarlyStart(scope)).toBe(false);
	});

	it('no tap, or no inline script (a page without it): nothing to take', () => {
		const scope = { __beSupportedEarlyStart: { tapped: false, appRunning: false } };
		expect(takeEarlyStart(scope)).toBe(false);
		expect(scope.__beSupportedEarlyStart.appRunning).toBe(true);
		expect(takeEarlyStart({})).toBe(false);
	});
});
