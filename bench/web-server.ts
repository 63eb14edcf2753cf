/**
 * The web role of Loopwork as a child process of the benchmark: the same startLoopwork the CLI's
 * `start --role web` runs, without the CLI, so the benchmark does not depend on the CLI's wiring.
 * Usage: node bin/run-ts.js bench/web-server.ts <port> [data folder]; DATABASE_URL selects a server.
 */
import { startLoopwork } from "../src/app.js";
import { configFromEnv } from "../src/config.js";

const [port = "0", dataFolder] = process.argv.slice(2);
const config = configFromEnv();
config.port = Number(port);
config.host = "127.0.0.1";
if (dataFolder) config.dataFolder = dataFolder;
config.roles = { web: true, worker: false };
const running = await startLoopwork(config);
console.log(`Serving ${running.url}`);
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
