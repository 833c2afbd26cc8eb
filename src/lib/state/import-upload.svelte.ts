import { ApiFailure, createApi, type ImportFormat, type ImportPreview } from '$lib/dashboard/api';
import { describeFailure, type ShownFailure } from '$lib/dashboard/errors';

export type { ImportFormat };
export type ImportProblem = ImportPreview['problems'][number];

/** Responses sent per request: the server's batch size for a device's outbox. */
const BATCH = 100;

/** The text of a chosen file (a File, or anything with a name and text(), for tests). */
export interface ChosenFile {
	name: string;
	text(): Promise<string>;
}

/**
 * The import page's work, out of the page (issue 15 item 4): a baseline file checked and then
 * imported, and a tablet's file of unsent responses sent in batches as a device would send them.
 * fetch is passed in, so tests run it against the real app (createApp's app.request).
 */
export class ImportUpload {
	csv = $state<string | null>(null);
	fileName = $state('');
	preview = $state<ImportPreview | null>(null);
	problems = $state<ImportProblem[]>([]);
	/** All the problems the server found; it lists only the first 100. */
	problemTotal = $state(0);
	error = $state<string | null>(null);
	message = $state<string | null>(null);
	unsentMessage = $state<string | null>(null);
	isBusy = $state(false);

	#api: ReturnType<typeof createApi>;
	#shown: (failure: unknown) => ShownFailure;

	/**
	 * fetch is the page's (tests pass the app's); `shown` is the client error handler (the page
	 * passes showFailure, which also goes to the sign-in page when the session has ended).
	 */
	constructor(
		fetcher?: typeof fetch,
		shown: (failure: unknown) => ShownFailure = (failure) =>
			describeFailure(failure, '/dashboard/import')
	) {
		this.#api = createApi(fetcher);
		this.#shown = shown;
	}

	async choose(file: ChosenFile | undefined): Promise<void> {
		this.preview = null;
		this.message = null;
		this.error = null;
		this.problems = [];
		if (!file) {
			this.csv = null;
			return;
		}
		this.fileName = file.name;
		this.csv = await file.text();
	}

	/** Asks the server to check the whole file; nothing is stored. */
	async check(wave: string, format: ImportFormat): Promise<void> {
		this.error = null;
		this.message = null;
		this.problems = [];
		this.problemTotal = 0;
		if (!this.csv) {
			this.error = 'Choose a CSV file first.';
			return;
		}
		this.isBusy = true;
		try {
			const { preview } = await this.#api.previewImport(wave, format, this.csv);
			this.preview = preview;
			this.problems = preview.problems;
			this.problemTotal = preview.problemTotal;
		} catch (failure) {
			this.error = this.#shown(failure).message;
		} finally {
			this.isBusy = false;
		}
	}

	/** Imports the checked file; true when it was stored (the caller then refreshes its wave list). */
	async confirm(wave: string, format: ImportFormat, replace: boolean): Promise<boolean> {
		if (!this.csv) return false;
		this.error = null;
		this.isBusy = true;
		try {
			const result = await this.#api.runImport(wave, format, this.csv, replace, this.fileName);
			this.message = `Imported ${result.imported} rows into ${wave}.`;
			this.preview = null;
			return true;
		} catch (failure) {
			// A refused import lists its problems (line, column, message) as the error's details.
			if (failure instanceof ApiFailure && Array.isArray(failure.details)) {
				this.problems = failure.details as ImportProblem[];
				this.problemTotal = this.problems.length;
			}
			this.error = this.#shown(failure).message;
			return false;
		} finally {
			this.isBusy = false;
		}
	}

	/**
	 * A tablet's "unsent responses" file, sent BATCH at a time to the public responses API like a
	 * device's outbox, so a response already received is not stored twice. True when all was sent.
	 */
	async sendUnsent(file: ChosenFile | undefined): Promise<boolean> {
		this.unsentMessage = null;
		if (!file) return false;
		let responses: unknown[];
		try {
			const parsed = JSON.parse(await file.text()) as { format?: string; responses?: unknown[] };
			if (parsed.format !== 'be-supported-unsent-responses' || !Array.isArray(parsed.responses))
				throw new Error('format');
			responses = parsed.responses;
		} catch {
			this.unsentMessage = 'This is not a file of unsent responses saved by the survey.';
			return false;
		}
		const totals = { accepted: 0, duplicates: 0, rejected: 0 };
		this.isBusy = true;
		try {
			for (let start = 0; start < responses.length; start += BATCH) {
				const body = await this.#api.sendResponses(responses.slice(start, start + BATCH));
				totals.accepted += body.accepted.length;
				totals.duplicates += body.duplicates.length;
				totals.rejected += body.rejected.length;
			}
		} catch (failure) {
			this.unsentMessage = `${this.#shown(failure).message} Part of the file may not be sent yet; import it again later, nothing is stored twice.`;
			return false;
		} finally {
			this.isBusy = false;
		}
		this.unsentMessage = `${totals.accepted} new responses stored, ${totals.duplicates} already received, ${totals.rejected} refused.`;
		return true;
	}
}
