import {
	buildResponse,
	nextItem,
	reconcileAnswersForMode,
	currentQuestionnaire,
	pruneHiddenAnswers,
	validateResponse,
	type AnswerValue,
	type Mode,
	type Questionnaire,
	type SurveyResponse,
	type ValidationIssue
} from '#survey';
import type { Draft } from '$lib/offline';

/** What the session needs from storage; the real one is IndexedDB (see createBrowserSurveyStorage). */
export interface SurveyStorage {
	loadDraft(): Promise<Draft | undefined>;
	saveDraft(draft: Draft): Promise<void>;
	clearDraft(id: string): Promise<void>;
	/** Moves the finished draft to the outbox in one transaction. */
	finishDraft(draftId: string, response: SurveyResponse): Promise<void>;
}

export interface SurveySessionDeps {
	/** null when this device cannot store anything (e.g. some private windows). */
	openStorage: () => Promise<SurveyStorage | null>;
	/** Claims the draft for this tab; false when another tab holds it. */
	acquireDraft: () => Promise<boolean>;
	newId: () => string;
	now: () => Date;
	definition?: Questionnaire;
	/** Called once a response is finished: stored in the device's outbox, or (isStored false) not. */
	onQueued?: (response: SurveyResponse, isStored: boolean) => void | Promise<void>;
}

export type SessionStatus = 'loading' | 'empty' | 'active' | 'locked';

/**
 * The respondent's survey in progress: the one place where the UI meets the engine and storage.
 * Every answer is written to the draft as it is given, so a closed tab loses nothing.
 */
export class SurveySession {
	status = $state<SessionStatus>('loading');
	draft = $state<Draft | null>(null);
	/** False when answers live only in memory on this device. */
	isStorageAvailable = $state(true);
	lastSaveFailed = $state(false);
	/** Questions whose answers were cleared by a change of mode, to be answered again. */
	askAgain = $state<string[]>([]);
	/** Set by a "Change" link on the check page: Continue then returns there. */
	returnToCheck = $state(false);

	readonly definition: Questionnaire;
	#deps: SurveySessionDeps;
	#storage: SurveyStorage | null = null;
	#ready: Promise<void> | null = null;

	constructor(deps: SurveySessionDeps) {
		this.#deps = deps;
		this.definition = deps.definition ?? currentQuestionnaire;
	}

	/** Opens storage, claims this tab's ownership and loads any unfinished draft. Idempotent. */
	init(): Promise<void> {
		this.#ready ??= this.#init();
		return this.#ready;
	}

	async #init(): Promise<void> {
		// Both at once: on a phone's first visit creating the database is the slow part.
		const [storage, isOwner] = await Promise.all([
			this.#deps.openStorage().catch(() => null),
			this.#deps.acquireDraft()
		]);
		this.#storage = storage;
		this.isStorageAvailable = this.#storage !== null;
		if (!isOwner) {
			this.status = 'locked';
			return;
		}
		const draft = this.#storage
			? await this.#storage.loadDraft().catch(() => undefined)
			: undefined;
		this.draft = draft ?? null;
		this.status = draft ? 'active' : 'empty';
	}

	get answers() {
		return this.draft?.answers ?? {};
	}

	get mode(): Mode {
		return this.draft?.mode ?? 'standard';
	}

	/**
	 * The new draft is in place when this returns to the caller's first await (the question can open
	 * at once); the old one is cleared and the new one saved after.
	 */
	async start(options: { mode: Mode; locale: string; sessionCode?: string }): Promise<void> {
		const previous = this.draft;
		const now = this.#deps.now().toISOString();
		const draft: Draft = {
			id: this.#deps.newId(),
			mode: options.mode,
			locale: options.locale,
			startedAt: now,
			updatedAt: now,
			answers: {},
			currentStep: this.definition.items[0]?.code ?? 'check'
		};
		if (options.sessionCode) draft.sessionCode = options.sessionCode;
		this.draft = draft;
		this.status = 'active';
		if (previous && this.#storage)
			await this.#storage.clearDraft(previous.id).catch(() => undefined);
		await this.#save();
	}

	/** Records (or, with undefined, removes) an answer and saves it at once. */
	async answer(code: string, value: AnswerValue | undefined): Promise<void> {
		if (!this.draft) return;
		const answers = { ...this.draft.answers };
		if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '')
			delete answers[code];
		else answers[code] = value;
		this.draft.answers = pruneHiddenAnswers(this.definition, answers);
		await this.#save();
	}

	/**
	 * Continue from a question: back to the check page after a "Change" link, otherwise the next
	 * question the engine asks (or the check page after the last). The step is saved before the
	 * next page shows, so closing the page at once still resumes there. Returns the page to show.
	 */
	async continueFrom(code: string): Promise<string> {
		if (this.returnToCheck) {
			this.returnToCheck = false;
			return '/survey/check';
		}
		const following = nextItem(this.definition, this.answers, code);
		await this.setStep(following ? following.code : 'check');
		return following ? `/survey/${following.code}` : '/survey/check';
	}

	/** Skip: the question's answer (if any) is removed, then as Continue. */
	async skip(code: string): Promise<string> {
		await this.answer(code, undefined);
		return this.continueFrom(code);
	}

	async setStep(step: string): Promise<void> {
		if (!this.draft || this.draft.currentStep === step) return;
		this.draft.currentStep = step;
		await this.#save();
	}

	/**
	 * Switches mode mid-survey. Answers still valid in the new mode are kept; the others (e.g. an
	 * agree5 answer when moving to the 3-point scale) are cleared to be asked again, never mapped.
	 */
	async setMode(mode: Mode): Promise<string[]> {
		if (!this.draft || this.draft.mode === mode) return [];
		const { answers, askAgain } = reconcileAnswersForMode(
			this.definition,
			$state.snapshot(this.draft.answers),
			mode
		);
		this.draft.mode = mode;
		this.draft.answers = answers;
		this.askAgain = askAgain;
		await this.#save();
		return askAgain;
	}

	async setLocale(localeCode: string): Promise<void> {
		if (!this.draft) return;
		this.draft.locale = localeCode;
		await this.#save();
	}

	/** The response as it would be sent, and the engine's verdict on it. */
	preview(): { response: SurveyResponse; issues: ValidationIssue[] } | null {
		if (!this.draft) return null;
		const response = buildResponse(this.definition, {
			id: this.draft.id,
			mode: this.draft.mode,
			locale: this.draft.locale,
			sessionCode: this.draft.sessionCode,
			startedAt: this.draft.startedAt,
			completedAt: this.#deps.now().toISOString(),
			answers: $state.snapshot(this.draft.answers)
		});
		const verdict = validateResponse(this.definition, response);
		return { response, issues: verdict.ok ? [] : verdict.issues };
	}

	/**
	 * Finishes the survey: validates with the same rules as the server, then moves the response to
	 * the outbox in the same transaction that deletes the draft. When the device cannot store it
	 * (no storage, or storage full), onQueued hears isStored = false and keeps it in memory.
	 */
	async finish(): Promise<SurveyResponse> {
		const preview = this.preview();
		if (!preview) throw new Error('There is no survey in progress');
		if (preview.issues.length > 0)
			throw new Error(preview.issues.map((issue) => issue.message).join('; '));
		const { response } = preview;
		let isStored = false;
		if (this.#storage) {
			try {
				await this.#storage.finishDraft(this.draft!.id, response);
				isStored = true;
			} catch {
				this.lastSaveFailed = true;
				// Deleting frees space, so it usually works on a full device: no stale draft to resume.
				await this.#storage.clearDraft(this.draft!.id).catch(() => undefined);
			}
		}
		await this.#deps.onQueued?.(response, isStored);
		this.draft = null;
		this.status = 'empty';
		return response;
	}

	async discard(): Promise<void> {
		if (this.draft && this.#storage) await this.#storage.clearDraft(this.draft.id);
		this.draft = null;
		this.status = 'empty';
	}

	async #save(): Promise<void> {
		if (!this.draft) return;
		this.draft.updatedAt = this.#deps.now().toISOString();
		if (!this.#storage) return;
		try {
			await this.#storage.saveDraft($state.snapshot(this.draft) as Draft);
			this.lastSaveFailed = false;
		} catch {
			// Never claim "saved" when it was not: the UI shows this and the answers stay in memory.
			this.lastSaveFailed = true;
		}
	}
}
