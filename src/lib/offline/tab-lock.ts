/** The parts of the Web Locks API used here (navigator.locks). */
export interface LockManagerLike {
	request(
		name: string,
		options: { ifAvailable: boolean },
		callback: (lock: unknown) => Promise<void> | void
	): Promise<unknown>;
}

export interface BroadcastChannelLike {
	postMessage(message: unknown): void;
	close(): void;
	onmessage: ((event: { data: unknown }) => void) | null;
}

export interface DraftLockDeps {
	locks?: LockManagerLike | null;
	createChannel?: ((name: string) => BroadcastChannelLike) | null;
	/** How long to wait for another tab to answer a claim (fallback only). */
	claimTimeoutMs?: number;
	tabId?: string;
}

const LOCK_NAME = 'be-supported:draft';

/**
 * One draft belongs to one tab at a time, so two open tabs can never send the same answers twice
 * (a known failure of browser forms, enketo/enketo#942). Web Locks where the browser has them; a
 * BroadcastChannel claim otherwise.
 */
export class DraftLock {
	#deps: Required<DraftLockDeps>;
	#release: (() => void) | null = null;
	#channel: BroadcastChannelLike | null = null;
	#isHeld = false;

	constructor(deps: DraftLockDeps = {}) {
		const nav =
			typeof navigator === 'undefined'
				? undefined
				: (navigator as Navigator & { locks?: LockManagerLike });
		this.#deps = {
			locks: deps.locks === undefined ? (nav?.locks ?? null) : deps.locks,
			createChannel:
				deps.createChannel === undefined
					? typeof BroadcastChannel === 'undefined'
						? null
						: (name) => new BroadcastChannel(name) as unknown as BroadcastChannelLike
					: deps.createChannel,
			claimTimeoutMs: deps.claimTimeoutMs ?? 150,
			tabId: deps.tabId ?? Math.random().toString(36).slice(2)
		};
	}

	get isHeld(): boolean {
		return this.#isHeld;
	}

	/** Claims the draft for this tab. False when another tab holds it. */
	async acquire(): Promise<boolean> {
		if (this.#isHeld) return true;
		if (this.#deps.locks) return this.#acquireWithLocks(this.#deps.locks);
		if (this.#deps.createChannel) return this.#acquireWithChannel(this.#deps.createChannel);
		// Neither API: a single-tab browser in practice.
		this.#isHeld = true;
		return true;
	}

	release(): void {
		this.#release?.();
		this.#release = null;
		this.#channel?.close();
		this.#channel = null;
		this.#isHeld = false;
	}

	#acquireWithLocks(locks: LockManagerLike): Promise<boolean> {
		return new Promise<boolean>((resolve) => {
			void locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
				if (lock === null) {
					resolve(false);
					return;
				}
				this.#isHeld = true;
				resolve(true);
				// Held until release() or the tab closes.
				return new Promise<void>((release) => (this.#release = release));
			});
		});
	}

	async #acquireWithChannel(
		createChannel: (name: string) => BroadcastChannelLike
	): Promise<boolean> {
		const channel = createChannel(LOCK_NAME);
		let isTaken = false;
		channel.onmessage = (event) => {
			const message = event.data as { type?: string; tabId?: string } | null;
			if (message?.type === 'held' && message.tabId !== this.#deps.tabId) isTaken = true;
			if (message?.type === 'claim' && message.tabId !== this.#deps.tabId && this.#isHeld) {
				channel.postMessage({ type: 'held', tabId: this.#deps.tabId });
			}
		};
		channel.postMessage({ type: 'claim', tabId: this.#deps.tabId });
		await new Promise((resolve) => setTimeout(resolve, this.#deps.claimTimeoutMs));
		if (isTaken) {
			channel.close();
			return false;
		}
		this.#channel = channel;
		this.#isHeld = true;
		return true;
	}
}
