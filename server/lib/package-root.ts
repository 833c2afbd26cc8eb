import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json: where migrations/, server/seed/ and the built app live. Found by
 * walking up from this module, so it is the same whether the server runs from its TypeScript
 * source (server/lib/) or from the compiled bundle (dist/server/index.js), whose import.meta.url
 * is the bundle's, not the source file's.
 */
function findPackageRoot(start: string): string {
	for (let dir = start; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
	}
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. fromPackageRoot('migrations'). */
export const fromPackageRoot = (...parts: string[]) => join(PACKAGE_ROOT, ...parts);
