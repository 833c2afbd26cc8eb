import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page and returns readable violations. The source is evaluated through the
 * DevTools protocol rather than injected as a <script>, so the page's CSP stays on in tests.
 */
export async function findAxeViolations(page: Page): Promise<string[]> {
	const isLoaded = await page.evaluate(() => 'axe' in window);
	if (!isLoaded) await page.evaluate(axe.source);
	const violations = (await page.evaluate(
		(tags) =>
			(
				window as unknown as {
					axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
				}
			).axe
				.run(document, { runOnly: { type: 'tag', values: tags } })
				.then((result) => result.violations),
		WCAG_TAGS
	)) as AxeViolation[];
	return violations.map(
		(violation) =>
			`${violation.id} (${violation.impact}): ${violation.help}\n` +
			violation.nodes
				.map((node) => `    ${node.target.join(' ')} – ${node.failureSummary ?? ''}`)
				.join('\n')
	);
}
