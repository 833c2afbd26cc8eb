import type { SessionsService } from './sessions.service.js';
import type { WavesService } from './waves.service.js';

/** Where a received response belongs, and what an analyst should know about how it arrived. */
export interface Attribution {
	waveId: string | null;
	/** e.g. session_closed, wave_closed, unknown_session, baseline_wave_refused, no_open_wave: stored, never refused. */
	flags: string[];
}

/**
 * Attributes responses to waves by the server's clock (never the device's). A response that
 * arrives late — its session closed, its wave closed, a tablet offline for weeks — is still
 * stored and counted, with a flag saying so: a young person's answers are never dropped.
 */
export class AttributionService {
	#waves: WavesService;
	#sessions: SessionsService;

	constructor(waves: WavesService, sessions: SessionsService) {
		this.#waves = waves;
		this.#sessions = sessions;
	}

	async attribute(receivedAt: Date, sessionCode?: string): Promise<Attribution> {
		const flags: string[] = [];
		if (sessionCode) {
			const session = await this.#sessions.get(sessionCode);
			if (!session) flags.push('unknown_session');
			else {
				if (session.closedAt !== null && Date.parse(session.closedAt) <= receivedAt.getTime())
					flags.push('session_closed');
				const wave = session.waveId ? await this.#waves.get(session.waveId) : null;
				// A baseline is immutable: never attribute to one, even if an older session names it.
				if (wave?.isBaseline) flags.push('baseline_wave_refused');
				else if (wave) {
					if (wave.closesAt !== null && Date.parse(wave.closesAt) <= receivedAt.getTime())
						flags.push('wave_closed');
					return { waveId: wave.id, flags };
				}
			}
		}
		const open = await this.#waves.openAt(receivedAt);
		if (open) return { waveId: open, flags };
		// Nothing open: the wave that closed most recently (e.g. a tablet that was offline at the end).
		const last = await this.#waves.lastClosedBefore(receivedAt);
		return last
			? { waveId: last, flags: [...flags, 'wave_closed'] }
			: { waveId: null, flags: [...flags, 'no_open_wave'] };
	}
}
