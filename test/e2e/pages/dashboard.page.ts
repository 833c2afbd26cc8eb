import type { Page } from 'playwright-core';

/** The results dashboard as an analyst uses it: the scorecard, one item's breakdown, the report. */
export class DashboardPage {
	constructor(readonly page: Page) {}

	scorecard() {
		return this.page.getByTestId('scorecard');
	}

	scorecardRow(item: string) {
		return this.page.locator(`[data-scorecard-item="${item}"]`);
	}

	/** Opens one item's breakdown from its scorecard row and waits for its chart and table. */
	async openItem(item: string): Promise<void> {
		await this.scorecardRow(item).getByRole('button').click();
		await this.detail().getByTestId('breakdown-chart').waitFor();
	}

	detail() {
		return this.page.getByTestId('item-detail');
	}

	/** Chooses another breakdown for the open item and waits until its table shows it. */
	async breakDownBy(code: string, heading: string): Promise<void> {
		await this.page.getByLabel('Break down by').selectOption(code);
		await this.page.getByRole('button', { name: 'Show by group' }).click();
		await this.detail().locator('thead th', { hasText: heading }).first().waitFor();
	}

	async showResults(): Promise<void> {
		const answered = this.page.waitForResponse((response) =>
			response.url().includes('/api/v1/benchmark')
		);
		await this.page.getByRole('button', { name: 'Show results' }).click();
		await answered;
	}
}
