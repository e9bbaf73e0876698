/** `npm run sandbox`: the sandbox alone, on SANDBOX_PORT (default 8090) at 127.0.0.1. */
import { DEMO_MERCHANT } from './app.ts';
import { startSandbox } from './server.ts';

const raw = process.env.SANDBOX_PORT ?? '8090';
const port = Number(raw);
if (!/^\d+$/.test(raw) || port > 65535) {
  console.error(`SANDBOX_PORT: expected a port number 0–65535`);
  process.exit(1);
}

const running = await startSandbox({ port, host: '127.0.0.1' });
console.log(`Carat sandbox on ${running.url}/e-sitef (merchant "${DEMO_MERCHANT.id}", authenticity POST to ${DEMO_MERCHANT.authenticityUrl})`);

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
