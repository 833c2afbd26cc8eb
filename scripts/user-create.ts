// npm run user:create -- --role admin --email someone@council.gov.uk
// Prompts for the password (not echoed). Uses DATABASE_URL like the server.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { AuthError, AuthService, ROLES, type Role } from '../server/auth/auth.service.js';
import { DEFAULT_DATABASE_URL, openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';

const { values } = parseArgs({ options: { role: { type: 'string' }, email: { type: 'string' } } });
if (!values.email || !ROLES.includes(values.role as Role)) {
	console.error(`Usage: npm run user:create -- --role ${ROLES.join('|')} --email EMAIL`);
	process.exit(2);
}

async function askPassword(prompt: string): Promise<string> {
	if (process.env.BS_PASSWORD) return process.env.BS_PASSWORD; // for scripted set-ups
	const input = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const output = input as unknown as {
		_writeToOutput: (text: string) => void;
		output: NodeJS.WriteStream;
	};
	let isMuted = false;
	output._writeToOutput = (text: string) => {
		if (!isMuted) process.stdout.write(text);
	};
	const answer = await new Promise<string>((resolve) => {
		input.question(prompt, resolve);
		isMuted = true;
	});
	input.close();
	process.stdout.write('\n');
	return answer;
}

const database = openDatabase(
	process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
	process.env.DATABASE_AUTH_TOKEN
);
await migrateDatabase(database);
const password = await askPassword(`Password for ${values.email}: `);
try {
	const user = await new AuthService(database).createUser(
		values.email,
		password,
		values.role as Role
	);
	await new AuthService(database).audit(null, 'user_created', {
		email: user.email,
		role: user.role,
		by: 'cli'
	});
	console.log(`Created ${user.role} ${user.email}`);
} catch (error) {
	console.error(error instanceof AuthError ? `Not created: ${error.message}` : error);
	process.exitCode = 1;
} finally {
	database.client.close();
}
