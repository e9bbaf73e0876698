/** Runs a request handler (an Express app or a bare one) on 127.0.0.1, port 0, for one test; the test closes it. */
import type { RequestListener } from 'node:http';
import { listen, type Listening } from '../../../proxy/listen.ts';

export const listenOnFreePort = (handler: RequestListener): Promise<Listening> => listen(handler, '127.0.0.1', 0);
