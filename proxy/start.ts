/**
 * `npm start`: the proxy with the built-in sandbox when no gateway is named, so the README's one
 * command works on a fresh machine. Only an absent CARAT_RECHARGE_URL becomes "sandbox": an empty
 * one was given (a deploy script's variable that came out blank) and main.ts refuses it, rather
 * than run the simulator with what may be real merchant credentials.
 */
process.env['CARAT_RECHARGE_URL'] ??= 'sandbox';
await import('./main.ts');

export {};
