import { describe, expect, it } from 'vitest';
import type { SurveyResponse } from '#survey';
import type { Draft } from '../../src/lib/offline/index.js';
import { SurveySession, type SurveyStorage } from '../../src/lib/state/survey-session.svelte.js';

/** The session over an in-memory store: what the draft holds after each step is what IndexedDB would. */
function sessionWithMemoryStore() {
	let saved: Draft | undefined;
	const queued: SurveyResponse[] = [];
	const storage: SurveyStorage = {
		loadDraft: async () => saved && structuredClone(saved),
		saveDraft: async (draft) => void (saved = structuredClone(draft)),
		clearDraft: async () => void (saved = undefined),
		finishDraft: async (_id, response) => {
			saved = undefined;
			queued.push(response);
		}
	};
	let ids = 0;
	const session = new SurveySession({
		openStorage: async () => storage,
		acquireDraft: async () => true,
		newId: () => `00000000-0000-4000-8000-00000000000${ids++}`,
		now: () => new Date('2026-12-02T10:00:00Z')
	});
	return { session, saved: () => saved, queued };
}

describe('SurveySession: moving through the questions', () => {
	it('Continue goes to the next question the engine asks and saves the step first', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'standard', locale: 'en-GB' });
		const first = session.definition.items[0]!.code;
		const second = session.definition.items[1]!.code;
		await session.answer(first, 'agree');
		expect(await session.continueFrom(first)).toBe(`/survey/${second}`);
		expect(saved()?.currentStep).toBe(second);
	});

	it('skips the role-model question after "no", and a skipped answer is removed', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'standard', locale: 'en-GB' });
		await session.answer('has_role_model', 'strongly_disagree');
		const afterRoleModel = session.definition.items.findIndex(
			(item) => item.code === 'role_model_who'
		);
		const following = session.definition.items[afterRoleModel + 1]!.code;
		expect(await session.continueFrom('has_role_model')).toBe(`/survey/${following}`);

		await session.answer('feel_believed', 'agree');
		await session.skip('feel_believed');
		expect(saved()?.answers).not.toHaveProperty('feel_believed');
	});

	it('after a "Change" link, Continue returns to the check page once', async () => {
		const { session } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'standard', locale: 'en-GB' });
		session.returnToCheck = true;
		expect(await session.continueFrom('feel_believed')).toBe('/survey/check');
		expect(session.returnToCheck).toBe(false);
		expect(await session.continueFrom('feel_believed')).not.toBe('/survey/check');
	});

	it('after the last question, Continue goes to the check page', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'standard', locale: 'en-GB' });
		const last = session.definition.items.at(-1)!.code;
		expect(await session.continueFrom(last)).toBe('/survey/check');
		expect(saved()?.currentStep).toBe('check');
	});

	it('a reloaded page resumes the draft where it was left', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'easy_read', locale: 'ar' });
		await session.answer('feel_listened_to', 'sometimes');
		await session.continueFrom('feel_listened_to');
		const draft = saved()!;
		const reopened = new SurveySession({
			openStorage: async () => ({
				loadDraft: async () => draft,
				saveDraft: async () => undefined,
				clearDraft: async () => undefined,
				finishDraft: async () => undefined
			}),
			acquireDraft: async () => true,
			newId: () => 'unused',
			now: () => new Date()
		});
		await reopened.init();
		expect(reopened.status).toBe('active');
		expect(reopened.mode).toBe('easy_read');
		expect(reopened.answers).toEqual({ feel_listened_to: 'sometimes' });
		expect(reopened.draft?.currentStep).toBe(draft.currentStep);
	});
});

describe('SurveySession: starting', () => {
	it('the new draft is in place before it is saved, so the first question can open at once', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		const starting = session.start({ mode: 'easy_read', locale: 'pl' });
		// Before anything was awaited: the welcome page navigates now.
		expect(session.status).toBe('active');
		expect(session.draft?.currentStep).toBe(session.definition.items[0]!.code);
		await starting;
		expect(saved()?.mode).toBe('easy_read');
	});

	it('"Start again" replaces the unfinished draft: the old one is not kept and not shown', async () => {
		const { session, saved } = sessionWithMemoryStore();
		await session.init();
		await session.start({ mode: 'standard', locale: 'en-GB' });
		const first = session.definition.items[0]!.code;
		await session.answer(first, 'agree');
		const oldId = saved()!.id;
		const starting = session.start({ mode: 'standard', locale: 'en-GB' });
		expect(session.answers).toEqual({});
		await starting;
		expect(saved()?.id).not.toBe(oldId);
		expect(saved()?.answers).toEqual({});
	});
});
