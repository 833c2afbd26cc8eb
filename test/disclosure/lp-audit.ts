import { solve } from 'yalps';

/**
 * An independent audit of a published release, as an attacker with a linear-programming solver
 * would run it (the "interval audit" of Hundepool et al. 2012 §4.3): from the shown figures and
 * the additive relations alone, the smallest and largest value each hidden count can take.
 * It shares no code with server/disclosure: yalps solves every bound.
 */
export interface AuditModel {
	/** Hidden counts: name → true value (used only to report, never as a constraint). */
	hidden: Map<string, number>;
	/** Σ coefficient × variable (hidden names) = constant (the shown figures moved to the right). */
	equalities: { terms: Record<string, number>; equals: number }[];
	/** Σ coefficient × variable ≤ constant. */
	inequalities: { terms: Record<string, number>; atMost: number }[];
}

export interface AuditRange {
	name: string;
	value: number;
	lower: number;
	upper: number;
}

function bound(model: AuditModel, name: string, direction: 'minimize' | 'maximize'): number {
	const constraints: Record<string, { equal?: number; max?: number }> = {};
	const variables: Record<string, Record<string, number>> = {};
	for (const variable of model.hidden.keys()) variables[variable] = {};
	model.equalities.forEach((equality, index) => {
		constraints[`eq${index}`] = { equal: equality.equals };
		for (const [variable, coefficient] of Object.entries(equality.terms))
			variables[variable]![`eq${index}`] = coefficient;
	});
	model.inequalities.forEach((inequality, index) => {
		constraints[`le${index}`] = { max: inequality.atMost };
		for (const [variable, coefficient] of Object.entries(inequality.terms))
			variables[variable]![`le${index}`] = coefficient;
	});
	// The objective is the variable itself: a row "target" that only it appears in.
	variables[name]!.target = 1;
	const solution = solve({
		direction,
		objective: 'target',
		constraints,
		variables,
		integers: false
	});
	if (solution.status === 'unbounded')
		return direction === 'maximize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	if (solution.status !== 'optimal') throw new Error(`audit LP for ${name}: ${solution.status}`);
	return Math.round(solution.result * 1e6) / 1e6;
}

export function auditRanges(model: AuditModel): AuditRange[] {
	return [...model.hidden].map(([name, value]) => ({
		name,
		value,
		lower: bound(model, name, 'minimize'),
		upper: bound(model, name, 'maximize')
	}));
}
