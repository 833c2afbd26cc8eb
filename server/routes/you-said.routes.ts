import { Hono } from 'hono';
import type { BenchmarkService } from '../services/benchmark.service.js';
import type { WavesService } from '../services/waves.service.js';

/**
 * "You said": the headline results told back to young people, public and easy read. Only overall
 * figures that passed suppression are returned; the same rules as the dashboard apply.
 */
export function youSaidRoutes(waves: WavesService, benchmark: BenchmarkService) {
	return new Hono().get('/', async (context) => {
		const all = await waves.list();
		const counts = new Map(await Promise.all(all.map(async (wave) => [wave.id, await waves.countResponses(wave.id)] as const)));
		const repeats = all.filter((wave) => !wave.isBaseline && (counts.get(wave.id) ?? 0) >= 10);
		const current = repeats.at(-1) ?? all.find((wave) => wave.id === 'demo-repeat' && (counts.get(wave.id) ?? 0) >= 10);
		const baseline = all.filter((wave) => wave.isBaseline && wave.id !== current?.id && (counts.get(wave.id) ?? 0) > 0 && wave.opensAt).at(-1);
		context.header('Cache-Control', 'no-cache');
		if (!current) return context.json({ available: false });
		const report = await benchmark.report(current.id, baseline ? [baseline.id] : [], null);
		const results = report.agreeItems.flatMap((item) => {
			const group = item.groups[0]!;
			const now = group.cells[current.id];
			if (!now || now.status !== 'shown') return [];
			const before = baseline ? group.cells[baseline.id] : undefined;
			const comparison = baseline ? group.comparisons[baseline.id] : undefined;
			return [
				{
					item: item.item,
					outOf100: Math.round(now.pct * 100),
					before: before?.status === 'shown' ? Math.round(before.pct * 100) : null,
					direction: comparison?.status === 'shown' ? comparison.direction : null
				}
			];
		});
		return context.json({ available: true, wave: current.name, baseline: baseline?.name ?? null, illustrative: report.illustrative, results });
	});
}
