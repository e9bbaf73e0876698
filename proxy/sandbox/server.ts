/** Runs a sandbox on its own HTTP server (by default on 127.0.0.1, port 0: a free one). */
import { listen } from '../listen.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from './app.ts';

export interface RunningSandbox {
  sandbox: Sandbox;
  /** Its base URL; the recharge API is under `${url}/e-sitef`. */
  url: string;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions & { host?: string; port?: number } = {}): Promise<RunningSandbox> {
  const { host = '127.0.0.1', port = 0, ...options } = opts;
  const sandbox = createSandbox(options);
  const running = await listen(sandbox.app, host, port);
  return {
    sandbox,
    url: running.url,
    close: () => {
      sandbox.close(); // hanging (fault-delayed) answers first, or close() would wait for them
      return running.close();
    },
  };
}
