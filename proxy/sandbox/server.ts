/** Runs a sandbox on its own HTTP server (tests use port 0 on 127.0.0.1). */
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from './app.ts';

export async function startSandbox(
  opts: SandboxOptions & { host?: string; port?: number } = {},
): Promise<{ sandbox: Sandbox; url: string; close(): Promise<void> }> {
  const { host = '127.0.0.1', port = 0, ...options } = opts;
  const sandbox = createSandbox(options);
  const server = sandbox.app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    sandbox,
    url,
    close: () => {
      sandbox.close();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
