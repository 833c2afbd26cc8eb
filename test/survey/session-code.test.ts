import { describe, expect, it } from 'vitest';
import { normaliseSessionCode } from '#survey';

describe('normaliseSessionCode', () => {
	it.each([
		['ABC234', 'ABC234'],
		['abc234', 'ABC234'],
		[' abc-234 ', 'ABC234'],
		['ab c2 34', 'ABC234'],
		['k1m9pq', 'KLM9PQ'],
		['kim9pq', 'KLM9PQ'],
		['klm9pq', 'KLM9PQ'],
		['ＡＢＣ２３４', 'ABC234']
	])('%s → %s', (typed, code) => {
		expect(normaliseSessionCode(typed)).toBe(code);
	});

	it.each(['', 'ABC23', 'ABC2345', 'ABCO34', 'ABC034', 'AB$234'])('refuses %j', (typed) => {
		expect(normaliseSessionCode(typed)).toBeNull();
	});
});
