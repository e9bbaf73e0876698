/**
 * TRUST_PROXY: which hops in front of the proxy may tell it the client's address (X-Forwarded-For),
 * handed to Express's `trust proxy` setting. The per-IP rate limits key on req.ip, so this decides
 * whose address is counted.
 *
 * Default off, on purpose: with nothing trusted, req.ip is the TCP peer, which no client can forge.
 * Trusting a header that no proxy of ours sets would let any script send a fresh X-Forwarded-For
 * on every request and never be rate-limited. Behind a load balancer, off makes every shopper share
 * the balancer's address (one shared allowance): the operator names the hops they run instead.
 *
 *   unset, "", "false", "0"   nothing trusted (req.ip = the TCP peer)
 *   "1", "2", …               that many hops in front of us (e.g. "1" behind one load balancer)
 *   "loopback", "uniquelocal", "linklocal", IPs and CIDRs, comma-separated
 *                             trust exactly those addresses (e.g. "loopback, 10.0.0.0/8")
 * "true" (trust every hop) is refused: the client's own X-Forwarded-For entry would then win.
 */
import { isIP } from 'node:net';
import { ConfigError } from '../config.ts';

/** What Express's `app.set('trust proxy', …)` receives. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'uniquelocal', 'linklocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export function loadTrustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const text = (env['TRUST_PROXY'] ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') {
    throw new ConfigError('TRUST_PROXY', 'trusting every hop lets clients forge their address; give the number of proxies in front (e.g. 1) or their addresses');
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', 'must be at most 10 hops');
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined || entries.length === 0) {
    throw new ConfigError('TRUST_PROXY', `expected a number of hops, or addresses/CIDRs/loopback/uniquelocal/linklocal separated by commas${bad ? ` ("${bad.slice(0, 60)}" is none of these)` : ''}`);
  }
  return entries;
}
