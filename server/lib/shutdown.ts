import type { Server } from 'node:http';
import type { Socket } from 'node:net';

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
	const { server } = options;

	// Node counts a connection as idle until the parser has started its first request, so its
	// own closeIdleConnections (which server.close() also calls) resets a device whose batch has
	// arrived but not yet been read while the server is busy. Only a keep-alive connection that
	// has been answered and has nothing in progress is idle here.
	const connections = new Map<Socket, { served: boolean; inProgress: number }>();
	server.on('connection', (socket) => {
		connections.set(socket, { served: false, inProgress: 0 });
		socket.once('close', () => connections.delete(socket));
	});
	server.on('request', (request, response) => {
		const state = connections.get(request.socket);
		if (!state) return;
		state.served = true;
		state.inProgress++;
		response.once('close', () => state.inProgress--);
	});
	const closeAnsweredIdle = () => {
		for (const [socket, state] of connections)
			if (state.served && state.inProgress === 0) socket.destroy();
	};

	const stop = async (signal: string) => {
		log(`${signal}: not accepting new connections; finishing the requests in progress…`);
		server.closeIdleConnections = closeAnsweredIdle;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		// Keep-alive connections with no request in progress are closed now, and again as each
		// finishes its last response (the server would otherwise keep them open for the client).
		closeAnsweredIdle();
		const idle = setInterval(closeAnsweredIdle, 50);
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
