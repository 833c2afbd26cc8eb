// npm run import -- --wave 2019 --format respondent FILE.csv [--replace] [--name "2019 survey"]
// Validates every row (every problem with its line number) and imports all or nothing.
// npm run import -- --template | --dictionary      the template header or data dictionary to stdout
// npm run import -- --template --out FOLDER        both files into FOLDER
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import {
	ImportError,
	ImportService,
	type ImportFormat
} from '../server/services/import.service.js';
import { WavesService } from '../server/services/waves.service.js';
import { AuthService } from '../server/auth/auth.service.js';
import { dictionaryCsv, templateCsv } from '../server/import/template.js';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		wave: { type: 'string' },
		format: { type: 'string' },
		replace: { type: 'boolean' },
		name: { type: 'string' },
		template: { type: 'boolean' },
		dictionary: { type: 'boolean' },
		out: { type: 'string' }
	}
});
if (values.template || values.dictionary) {
	// Made from the questionnaire definition, so it always matches what the importer accepts.
	if (values.out) {
		mkdirSync(values.out, { recursive: true });
		const template = join(values.out, 'be-supported-import-template.csv');
		const dictionary = join(values.out, 'be-supported-import-dictionary.csv');
		writeFileSync(template, templateCsv());
		writeFileSync(dictionary, `\uFEFF${dictionaryCsv()}`);
		console.log(`Wrote ${template} and ${dictionary}`);
	} else process.stdout.write(values.template ? templateCsv() : dictionaryCsv());
	process.exit(0);
}
const file = positionals[0];
if (!values.wave || !file || (values.format !== 'respondent' && values.format !== 'aggregate')) {
	console.error(
		'Usage: npm run import -- --wave WAVE --format respondent|aggregate FILE.csv [--replace]\n' +
			'       npm run import -- --template | --dictionary | --template --out FOLDER'
	);
	process.exit(2);
}

/** A progress bar on stderr for large files (reading, checking, writing). */
function progress(stage: string, share: number) {
	const width = 30;
	const filled = Math.round(share * width);
	process.stderr.write(
		`\r${stage.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`
	);
	if (share >= 1) process.stderr.write('\n');
}

const database = openDatabase(
	process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
	process.env.DATABASE_AUTH_TOKEN
);
await migrateDatabase(database);
const waves = new WavesService(database);
if (!(await waves.get(values.wave))) {
	await waves.create({
		id: values.wave,
		name: values.name ?? values.wave,
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	console.log(`Created baseline wave ${values.wave}`);
}
const size = statSync(file).size;
progress('reading', 0);
const text = readFileSync(file, 'utf8');
progress('reading', 1);
const imports = new ImportService(database, waves);
progress('checking', 0);
const preview = await imports.preview(values.wave, values.format as ImportFormat, text);
progress('checking', 1);
if (preview.problems.length > 0) {
	console.error(`${preview.problems.length} problem(s) in ${file}; nothing was imported:`);
	for (const problem of preview.problems)
		console.error(
			`  line ${problem.line}${problem.column ? ` (${problem.column})` : ''}: ${problem.message}`
		);
	database.client.close();
	process.exit(1);
}
try {
	progress('writing', 0);
	const result = await imports.import(values.wave, values.format as ImportFormat, text, {
		replace: values.replace === true,
		source: {
			fileName: basename(file),
			importedBy: 'cli',
			importedByEmail: process.env.USER ?? null
		}
	});
	progress('writing', 1);
	await new AuthService(database).audit(null, 'baseline_imported', {
		wave: values.wave,
		format: values.format,
		rows: result.imported,
		by: 'cli'
	});
	console.log(
		`Imported ${result.imported} rows (${(size / 1024).toFixed(0)} KB) into wave ${values.wave}`
	);
} catch (error) {
	console.error(error instanceof ImportError ? error.message : error);
	process.exitCode = 1;
} finally {
	database.client.close();
}
