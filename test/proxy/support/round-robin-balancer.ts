/**
 * A tiny round-robin load balancer for the multi-instance tests, as nginx's upstream does it: each
 * request goes to the next instance in turn; an instance that refuses the connection (it died)
 * is skipped and the request passed to the next one (nothing was sent to it, so even a POST may go
 * on, as nginx's proxy_next_upstream does). Bodies are read whole first (the API's are small).
 * Listens on 127.0.0.1 port 0; `sent` and `served` tell which instance took each request.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { listenOnFreePort } from './free-port.ts';

export interface Served {
  method: string;
  path: string;
  /** The index of the instance that answered, in `upstreams`. */
  upstream: number;
}

export interface RoundRobinBalancer {
  url: string;
  /** Requests answered, in the order their answers came. */
  served: Served[];
  /** Requests passed on, in the order they were sent (answered or not yet). */
  sent: Served[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: string, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, upstream);
    const outgoing = httpRequest(target, { method, agent: false, headers: { ...headers, host: target.host, 'x-forwarded-for': '127.0.0.1' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function startRoundRobinBalancer(upstreams: string[]): Promise<RoundRobinBalancer> {
  let next = 0;
  const served: Served[] = [];
  const sent: Served[] = [];
  const listening = await listenOnFreePort(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    for (let tried = 0; tried < upstreams.length; tried += 1) {
      const upstream = next;
      next = (next + 1) % upstreams.length;
      let answer: Answer;
      sent.push({ method, path, upstream });
      try {
        answer = await forward(upstreams[upstream]!, method, path, req.headers, body);
      } catch (error) {
        // Refused: the request never reached it; the next instance may take it. Anything else: 502.
        if ((error as { code?: string }).code === 'ECONNREFUSED') {
          sent.pop();
          continue;
        }
        res.writeHead(502).end();
        return;
      }
      served.push({ method, path, upstream });
      const { connection: _connection, 'transfer-encoding': _encoding, ...headers } = answer.headers;
      res.writeHead(answer.status, headers).end(answer.body);
      return;
    }
    res.writeHead(502).end();
  });
  return { url: listening.url, served, sent, close: listening.close };
}
