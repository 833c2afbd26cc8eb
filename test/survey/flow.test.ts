import { describe, expect, it } from 'vitest';
import {
	currentQuestionnaire as q,
	nextItem,
	previousItem,
	progressOf,
	pruneHiddenAnswers,
	visibleItems
} from '#survey';

const codes = q.items.map((item) => item.code);

describe('flow', () => {
	it('walks every item forwards then to "check your answers", and back again', () => {
		const forwards: string[] = [];
		for (let item = nextItem(q, {}, null); item; item = nextItem(q, {}, item.code))
			forwards.push(item.code);
		expect(forwards).toEqual(codes);
		const backwards: string[] = [];
		for (let item = previousItem(q, {}, codes.at(-1)!); item; item = previousItem(q, {}, item.code))
			backwards.push(item.code);
		expect(backwards).toEqual(codes.slice(0, -1).reverse());
	});

	it.each([
		['disagree', false],
		['strongly_disagree', false],
		['no', false],
		['agree', true],
		['sometimes', true],
		['dont_know', true],
		[undefined, true]
	])('asks who inspires them when has_role_model is %s: %s', (answer, isShown) => {
		const answers: Record<string, string> = answer === undefined ? {} : { has_role_model: answer };
		expect(visibleItems(q, answers).some((item) => item.code === 'role_model_who')).toBe(isShown);
		expect(nextItem(q, answers, 'has_role_model')?.code).toBe(
			isShown ? 'role_model_who' : 'staff_care'
		);
		expect(previousItem(q, answers, 'staff_care')?.code).toBe(
			isShown ? 'role_model_who' : 'has_role_model'
		);
	});

	it('continues after an item that has just become hidden', () => {
		expect(nextItem(q, { has_role_model: 'no' }, 'role_model_who')?.code).toBe('staff_care');
	});

	it("numbers the questions everyone is asked; a follow-up shares its question's number", () => {
		const main = codes.filter((code) => code !== 'role_model_who');
		const total = main.length;
		expect(progressOf(q, 'know_who_to_talk_to')).toEqual({ position: 1, total });
		const roleModel = main.indexOf('has_role_model') + 1;
		expect(progressOf(q, 'has_role_model')).toEqual({ position: roleModel, total });
		expect(progressOf(q, 'role_model_who')).toEqual({ position: roleModel, total });
		expect(progressOf(q, 'staff_care')).toEqual({ position: roleModel + 1, total });
		expect(progressOf(q, main.at(-1)!)).toEqual({ position: total, total });
	});

	it('drops answers to questions that are no longer asked', () => {
		expect(
			pruneHiddenAnswers(q, { has_role_model: 'no', role_model_who: ['friend'], staff_care: 'yes' })
		).toEqual({
			has_role_model: 'no',
			staff_care: 'yes'
		});
	});
});
