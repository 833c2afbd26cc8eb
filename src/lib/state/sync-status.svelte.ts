import type { SyncSnapshot, SyncState } from '$lib/offline';

export type { SyncSnapshot, SyncState };

/** What the page can ask of the sync engine. */
export interface SyncControl {
	syncNow(): Promise<unknown>;
}

/** The outbox as the interface shows it: always visible and honest about what is unsent. */
export class SyncStatus {
	/** False until the outbox has been read once, so nothing claims "all sent" too early. */
	isKnown = $state(false);
	waiting = $state(0);
	/** Waiting answers that only this page holds: the device could not store them. */
	unsaved = $state(0);
	rejected = $state(0);
	state = $state<SyncState>('idle');
	lastSentAt = $state<string | undefined>();
	oldestWaitingAt = $state<string | undefined>();
	lastError = $state<string | undefined>();
	#control: SyncControl | null = null;

	connect(control: SyncControl): void {
		this.#control = control;
	}

	update(snapshot: SyncSnapshot): void {
		this.isKnown = true;
		this.waiting = snapshot.waiting;
		this.unsaved = snapshot.unsaved;
		this.rejected = snapshot.rejected;
		this.state = snapshot.state;
		this.lastSentAt = snapshot.lastSentAt;
		this.oldestWaitingAt = snapshot.oldestWaitingAt;
		this.lastError = snapshot.lastError;
	}

	sendNow(): void {
		void this.#control?.syncNow();
	}
}
