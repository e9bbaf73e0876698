/**
 * POST /carat/authenticity: Carat's form POST that carries a new recharge's NIT (§3.2). It must
 * answer 200 for the creation to succeed. Extra fields are ignored (Carat may add some). A notice
 * for a creation we are not waiting for is answered 200 too, but does nothing.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AuthenticityWaiter } from '../authenticity-waiter.ts';

const field = z.string().min(1).max(128);
const AuthenticityFormSchema = z.object({
  nit: field,
  merchantId: field,
  orderId: field,
  merchantUSN: field,
  generalHash: z.string().max(64).default(''),
});

export function authenticityRoute(waiter: AuthenticityWaiter): Router {
  const router = express.Router();
  router.post('/carat/authenticity', express.urlencoded({ extended: false, limit: '8kb' }), (req, res) => {
    const form = AuthenticityFormSchema.safeParse(req.body ?? {});
    if (!form.success) {
      res.status(400).type('text/plain').send('Bad Request');
      return;
    }
    const { nit, merchantId, orderId, merchantUSN, generalHash } = form.data;
    waiter.deliver({ nit, merchantId, orderId, merchantUsn: merchantUSN, generalHash });
    res.status(200).type('text/plain').send('OK');
  });
  return router;
}
