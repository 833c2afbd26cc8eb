/**
 * Whether this device can run the whole survey with no signal. "ready" only once the service
 * worker controls the page and says every file of the respondent precache is stored (pages,
 * both modes' wording, every language, symbols, fonts); until then "preparing", said honestly.
 */
export type OfflineReadinessState = 'unknown' | 'preparing' | 'ready' | 'unsupported';

export class OfflineReadiness {
	state = $state<OfflineReadinessState>('unknown');

	/** Asks the active service worker; called at start and whenever a worker takes control. */
	async check(
		container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker
	): Promise<void> {
		if (!container) {
			this.state = 'unsupported';
			return;
		}
		if (this.state !== 'ready') this.state = 'preparing';
		const registration = await container.ready;
		const worker = container.controller ?? null;
		if (!worker || !registration.active) return;
		const isComplete = await askIsPrecacheComplete(worker);
		this.state = isComplete ? 'ready' : 'preparing';
	}
}

function askIsPrecacheComplete(worker: ServiceWorker, timeoutMs = 5000): Promise<boolean> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => resolve(false), timeoutMs);
		channel.port1.onmessage = (event) => {
			clearTimeout(timer);
			resolve(event.data?.isComplete === true);
		};
		worker.postMessage({ type: 'IS_PRECACHE_COMPLETE' }, [channel.port2]);
	});
}

export const offlineReadiness = new OfflineReadiness();
