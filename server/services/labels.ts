import { findItem, type Questionnaire } from '#survey';
// The questionnaire's own English wording (the i18next resources the app shows), read on the
// server so every label in the API and the exports is the wording young people saw.
import questionnaireText from '../../src/lib/i18n/locales/en-GB/questionnaire.json' with { type: 'json' };
import uiText from '../../src/lib/i18n/locales/en-GB/ui.json' with { type: 'json' };
import { NOT_STATED } from './answer-counts.js';

/** The code of the overall "group" (a report without a breakdown). */
export const OVERALL = 'all';

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, path: string[]): string | null {
	let node: string | Tree | undefined = tree;
	for (const key of path) {
		if (typeof node !== 'object' || node === null) return null;
		node = node[key];
	}
	return typeof node === 'string' && node !== '' ? node : null;
}

export class LabelError extends Error {}

export interface LabelCatalogue {
	items: { code: string; label: string; outcome: number | null }[];
	groups: { code: string; label: string; values: { code: string; label: string }[] }[];
	settings: { code: string; label: string }[];
	districts: { code: string; label: string }[];
}

/**
 * Human labels for codes: item wording, outcome titles, breakdown groups and their values.
 * A missing label is an error, not a code shown to a person (test/server/labels.test.ts walks them all).
 */
export class Labels {
	#definition: Questionnaire;
	#questionnaire = questionnaireText as unknown as Tree;
	#ui = uiText as unknown as Tree;

	constructor(definition: Questionnaire) {
		this.#definition = definition;
	}

	#need(text: string | null, what: string): string {
		if (text === null) throw new LabelError(`no English wording for ${what}`);
		return text;
	}

	/** The question as the standard questionnaire words it. */
	item(code: string): string {
		return this.#need(lookup(this.#questionnaire, ['items', code, 'question']), `item ${code}`);
	}

	outcome(outcome: number | null): string | null {
		if (outcome === null) return null;
		return this.#need(
			lookup(this.#ui, ['report', 'outcomes', String(outcome)]),
			`outcome ${outcome}`
		);
	}

	/** An option of a multi or single item, as the questionnaire shows it. */
	option(item: string, option: string): string {
		return this.#need(
			lookup(this.#questionnaire, ['items', item, 'options', option]) ??
				lookup(this.#questionnaire, ['specials', option]),
			`option ${item}.${option}`
		);
	}

	/** An answer on an agree scale ("Strongly agree", "Sometimes"). */
	scale(scale: 'agree5' | 'agree3', value: string): string {
		return this.#need(lookup(this.#questionnaire, ['scales', scale, value]), `${scale}.${value}`);
	}

	/** What a breakdown is by: the about-you question, or "Way of doing the survey". */
	breakdown(by: string | null): string | null {
		if (by === null) return null;
		if (by === 'mode') return this.#need(lookup(this.#ui, ['settings', 'mode']), 'mode');
		return this.item(by);
	}

	/** A group of a breakdown (or the overall group). */
	group(by: string | null, value: string): string {
		if (value === OVERALL && by === null)
			return this.#need(lookup(this.#ui, ['report', 'overall']), 'overall');
		if (value === NOT_STATED)
			return this.#need(lookup(this.#ui, ['report', 'notStated']), 'not stated');
		if (by === 'mode') return this.#need(lookup(this.#ui, ['modes', value]), `mode ${value}`);
		return this.option(by ?? '', value);
	}

	/** Everything a picker needs, in the questionnaire's order. */
	catalogue(groupsFor: (by: string) => string[]): LabelCatalogue {
		const optionsOf = (code: string) =>
			(findItem(this.#definition, code)?.options ?? []).map((option) => ({
				code: option,
				label: this.option(code, option)
			}));
		const breakdowns = [
			'mode',
			...this.#definition.items.filter((item) => item.section === 'about_you').map((i) => i.code)
		];
		return {
			items: this.#definition.items.map((item) => ({
				code: item.code,
				label: this.item(item.code),
				outcome: item.outcome
			})),
			groups: breakdowns.map((code) => ({
				code,
				label: this.breakdown(code)!,
				values: groupsFor(code).map((value) => ({ code: value, label: this.group(code, value) }))
			})),
			settings: optionsOf('setting'),
			districts: optionsOf('district')
		};
	}
}
