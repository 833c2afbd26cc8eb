import type { Server } from 'node:http';

/** Work that must finish before the database closes (the ingest queue's group commit). */
export class ShutdownTasks {
	#tasks: (() => Promise<void>)[] = [];

	add(task: () => Promise<void>): void {
		this.#tasks.push(task);
	}

	async run(): Promise<void> {
		await Promise.all(this.#tasks.map((task) => task()));
	}
}

export interface GracefulShutdownOptions {
	server: Server;
	tasks: ShutdownTasks;
	/** Closes the database; runs after every connection has ended and every task has finished. */
	close: () => void | Promise<void>;
	/** How long open requests get before their connections are cut (SHUTDOWN_GRACE_MS). */
	graceMs: number;
	log?: (line: string) => void;
	exit?: (code: number) => void;
}

/**
 * SIGTERM or SIGINT: stop accepting connections, let requests in progress finish (a batch being
 * written is acknowledged only after its commit, so its device hears back), wait for the ingest
 * queue, close the database, exit 0. A second signal exits at once with 1.
 *
 * The same signal can arrive twice for one Ctrl-C: the terminal sends SIGINT to the whole process
 * group and npm forwards it to its child as well (@npmcli/run-script's signal-manager). So a repeat
 * within REPEAT_MS of the first counts as that one, not as a request to force the exit.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): void {
	const log = options.log ?? ((line: string) => console.log(line));
	const exit = options.exit ?? ((code: number) => process.exit(code));
	const REPEAT_MS = 1_000;
	let firstAt: number | undefined;

	const stop = async (signal: string) => {
		const { server } = options;
		log(`${signal}: not accepting new connections; finishing the requests in progress…`);
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		// Keep-alive connections with no request in progress are closed now, and again as each
		// finishes its last response (the server would otherwise keep them open for the client).
		server.closeIdleConnections();
		const idle = setInterval(() => server.closeIdleConnections(), 50);
		const cut = setTimeout(() => {
			log(`Requests still open after ${options.graceMs} ms: closing their connections.`);
			server.closeAllConnections();
		}, options.graceMs);
		try {
			await closed;
		} finally {
			clearInterval(idle);
			clearTimeout(cut);
		}
		// A request cut off above may have left its batch in the queue: it is still written.
		await options.tasks.run();
		await options.close();
		log('Stopped: every acknowledged response is stored and the database is closed.');
	};

	const onSignal = (signal: NodeJS.Signals) => {
		const now = Date.now();
		if (firstAt === undefined) {
			firstAt = now;
			stop(signal).then(
				() => exit(0),
				(error: unknown) => {
					console.error('Shutdown failed:', error);
					exit(1);
				}
			);
		} else if (now - firstAt > REPEAT_MS) {
			log(`${signal} again: exiting now without waiting.`);
			exit(1);
		}
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
}
