// vitest globalSetup: the tests that start the real server run the compiled one (dist/), as
// production does, so compile it first when it is missing or older than its sources (~0.5 s).
import { buildServer, isServerStale } from '../../scripts/build-server.js';

export default async function compileServer() {
	if (isServerStale()) await buildServer();
}
