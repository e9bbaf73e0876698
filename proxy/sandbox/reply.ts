/**
 * Answers one gateway call, applying the fault injected for it (if any). A route hands over an
 * Operation; "before" faults stop it from running (no effect), "after" faults spoil the answer of
 * an operation that did take effect — the case a client must recover from by querying.
 */
import type { Response } from 'express';
import {
  alteredAnswer, DEFAULT_HTTP_ERROR_STATUS, DEFAULT_TIMEOUT_DELAY_MS, faultLetsOperationRun, withUnknownFields, type Fault,
} from './faults.ts';
import { RequestError } from './request-rules.ts';
import { businessError, ESITEF_CODES, type WireBody } from './responses.ts';

export interface Operation {
  responseWrapper: string;
  run(): Promise<WireBody> | WireBody;
}

/** Responses held back by a timeout fault; close() aborts them so servers can shut down. */
export class HangingResponses {
  #held = new Set<{ timer: NodeJS.Timeout; res: Response }>();

  hold(res: Response, delayMs: number, then: () => void): void {
    const entry = {
      res,
      timer: setTimeout(() => {
        this.#held.delete(entry);
        then();
      }, delayMs),
    };
    this.#held.add(entry);
  }

  abortAll(): void {
    for (const { timer, res } of this.#held) {
      clearTimeout(timer);
      res.socket?.destroy();
    }
    this.#held.clear();
  }
}

export async function runOperation(op: Operation): Promise<WireBody> {
  try {
    return await op.run();
  } catch (error) {
    if (error instanceof RequestError) return businessError(op.responseWrapper, error.esitefCode, error.message, error.status);
    throw error;
  }
}

function sendMalformed(res: Response, wrapper: string): void {
  // A body cut in the middle, as a proxy or load balancer dropping the connection would leave it.
  res.status(200).type('application/json').send(`{"${wrapper}":{"status":"PP`);
}

export async function reply(res: Response, fault: Fault | undefined, op: Operation, hangs: HangingResponses): Promise<void> {
  if (fault?.kind === 'deny') {
    res.json(businessError(op.responseWrapper, ESITEF_CODES.denied, 'Transaction denied by the dealer (sandbox fault)'));
    return;
  }
  if (fault?.kind === 'timeout' && fault.effect === 'late') {
    // Processed after the caller gave up: the effect happens at delayMs, the answer reaches nobody.
    hangs.hold(res, fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, () => {
      void runOperation(op).then((body) => {
        if (!res.headersSent && !res.socket?.destroyed) res.json(body);
      });
    });
    return;
  }
  if (!faultLetsOperationRun(fault)) {
    if (fault?.kind === 'altered-answer') {
      res.json({ [op.responseWrapper]: { esitef: { code: ESITEF_CODES.ok, message: 'OK' }, ...(fault.status !== undefined ? { status: fault.status } : {}) } });
    } else if (fault?.kind === 'http-error') {
      res.status(fault.status ?? DEFAULT_HTTP_ERROR_STATUS).json({ error: 'sandbox fault: http-error' });
    } else if (fault?.kind === 'malformed-json') {
      sendMalformed(res, op.responseWrapper);
    } else if (fault?.kind === 'timeout') {
      hangs.hold(res, fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, () => res.socket?.destroy());
    }
    return;
  }

  const body = await runOperation(op);
  switch (fault?.kind) {
    case undefined:
      res.json(body);
      return;
    case 'unknown-fields':
      res.json(withUnknownFields(body));
      return;
    case 'altered-answer':
      res.json(alteredAnswer(body as Record<string, unknown>, op.responseWrapper, fault));
      return;
    case 'http-error':
      res.status(fault.status ?? DEFAULT_HTTP_ERROR_STATUS).json({ error: 'sandbox fault: http-error' });
      return;
    case 'malformed-json':
      sendMalformed(res, op.responseWrapper);
      return;
    case 'timeout':
      hangs.hold(res, fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS, () => {
        if (!res.headersSent && !res.socket?.destroyed) res.json(body);
      });
      return;
  }
}
