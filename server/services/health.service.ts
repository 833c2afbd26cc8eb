import type { OpenDatabase } from '../db/client.js';

/** Whether the database answers: the one thing `/health` reports. */
export class HealthService {
	#database: OpenDatabase;

	constructor(database: OpenDatabase) {
		this.#database = database;
	}

	async isDatabaseReachable(): Promise<boolean> {
		try {
			await this.#database.client.execute('SELECT 1');
			return true;
		} catch {
			return false;
		}
	}
}
