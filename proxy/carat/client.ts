/**
 * Carat's REST Recharge API, one named function per operation (§3). Never a pass-through: each
 * function builds its own request from typed arguments, so nothing from the browser is forwarded
 * as is, and the merchant key and JWT are added here and nowhere else.
 */
import type { z } from 'zod';
import type { Answer, RechargeType } from '../browser-api.ts';
import { GatewayFailure, type CaratHttp, type CaratRequest } from './http.ts';
import type { CaratOperation, RequestSigner } from './signing.ts';
import {
  BeginRechargeResponseSchema, ConfirmRechargeResponseSchema, DoRechargeResponseSchema, ListBranchDataResponseSchema,
  ListDealersResponseSchema, RechargeStatusResponseSchema, type BeginRechargeResponse, type ConfirmRechargeResponse,
  type DoRechargeResponse, type ListBranchDataResponse, type ListDealersResponse, type RechargeStatusResponse,
} from './responses.ts';

/** Sent when we hold no table yet (§3.2). */
export const NO_GENERAL_HASH = '0000000000000000';

export interface BranchSelection {
  type: RechargeType;
  dealerCode: string;
  typeCode?: string;
  branchCode?: string;
  ddd?: string;
  answers?: Answer[];
}

export interface ConfirmOptions {
  confirm: boolean;
  usedPaymentMethods?: string[];
}

export interface CaratClientOptions {
  http: CaratHttp;
  merchantKey: string;
  /** Signature mode only; authenticity mode sends no Authorization header. */
  signer?: RequestSigner;
}

/** A card-length run of digits, grouped or not: an acquirer's refusal may echo the card. */
const CARD_LIKE = /\d(?:[ .-]?\d){12,18}/g;

/** Carat's texts go to the browser (the recharge's and REST Payment's alike): keep anything that looks like a NIT, a card number or our key out of them. */
export function safeCaratMessage(message: string | undefined, merchantKey: string): string {
  if (!message) return 'no reason given';
  return message.split(merchantKey).join('[hidden]').replace(/[A-Za-z0-9]{32,}/g, '[hidden]').replace(CARD_LIKE, '[hidden]').slice(0, 300);
}

const UNEXPECTED_ANSWER = 'The payment gateway sent an unexpected answer. Please try again.';

type CaratAnswer = { esitef: { code: string; message?: string | undefined }; status?: string | undefined };

export function createCaratClient(options: CaratClientOptions) {
  const { http, merchantKey, signer } = options;

  /** Sends one call (signed in signature mode) and parses the wrapper's content leniently. */
  async function call<S extends z.ZodType>(
    operation: CaratOperation, schema: S, request: Omit<CaratRequest, 'authorization'>, nit?: string,
  ): Promise<z.infer<S>> {
    const authorization = signer?.authorization(operation, nit);
    const content = await http.send(authorization ? { ...request, authorization } : request);
    const parsed = schema.safeParse(content);
    if (!parsed.success) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
    return parsed.data;
  }

  /** Success is HTTP 200 and esitef.code "0" (§1); anything else is Carat's refusal. */
  function requireSuccess<T extends CaratAnswer>(response: T): T {
    if (response.esitef.code === '0') return response;
    const reason = safeCaratMessage(response.esitef.message, merchantKey);
    throw new GatewayFailure('gateway_rejected', `The payment gateway refused the request: ${reason}`, false, response.status, response.esitef.code);
  }

  const rechargePath = (nit: string) => `/v3/recharge/${encodeURIComponent(nit)}`;

  return {
    async createRecharge(args: { rechargeType: RechargeType; merchantUsn: string; orderId: string; generalHash: string }): Promise<BeginRechargeResponse> {
      const begin_recharge_request = {
        merchant_key: merchantKey,
        merchant_usn: args.merchantUsn,
        order_id: args.orderId,
        general_hash: args.generalHash,
        recharge_type: args.rechargeType,
      };
      const request = { method: 'POST', path: '/v3/recharge', body: { begin_recharge_request }, responseWrapper: 'begin_recharge_response' } as const;
      return requireSuccess(await call('createRecharge', BeginRechargeResponseSchema, request));
    },

    async listDealers(nit: string, generalHash: string): Promise<ListDealersResponse> {
      const query = { nit, generalhash: generalHash };
      const request = { method: 'GET', path: '/v3/rechargedealers', query, responseWrapper: 'list_dealers_response' } as const;
      return requireSuccess(await call('listDealers', ListDealersResponseSchema, request, nit));
    },

    /** normal: GET with a query string; others and invoice: PUT with a JSON body (§3.4). */
    async listBranchData(nit: string, selection: BranchSelection, generalHash: string): Promise<ListBranchDataResponse> {
      const responseWrapper = 'list_branch_data_response';
      if (selection.type === 'normal') {
        const query = { nit, ddd: selection.ddd, dealercode: selection.dealerCode, generalhash: generalHash };
        const request = { method: 'GET', path: '/v3/rechargebranches', query, responseWrapper } as const;
        return requireSuccess(await call('listBranchData', ListBranchDataResponseSchema, request, nit));
      }
      // Q3: the body's wrapper key is undocumented; we follow the other services' naming.
      const list_branch_data_request = {
        general_hash: generalHash,
        ...(selection.type === 'others' && selection.ddd ? { ddd: selection.ddd } : {}),
        dealer: {
          code: selection.dealerCode,
          ...(selection.type === 'others' ? { type_code: selection.typeCode } : {}),
          branch: { code: selection.branchCode },
        },
        ...(selection.answers?.length ? { answers: selection.answers } : {}),
      };
      const path = `/v3/rechargebranches/${encodeURIComponent(nit)}`;
      const request = { method: 'PUT', path, body: { list_branch_data_request }, responseWrapper } as const;
      return requireSuccess(await call('listBranchData', ListBranchDataResponseSchema, request, nit));
    },

    /** Not checked for success here: a denial (NEG) is a result the orchestration reports. */
    async doRecharge(nit: string, doRechargeRequest: Record<string, unknown>): Promise<DoRechargeResponse> {
      const body = { do_recharge_request: doRechargeRequest };
      const request = { method: 'PUT', path: rechargePath(nit), body, responseWrapper: 'do_recharge_response' } as const;
      return call('doRecharge', DoRechargeResponseSchema, request, nit);
    },

    async confirmRecharge(nit: string, options: ConfirmOptions): Promise<ConfirmRechargeResponse> {
      const confirm_recharge_request = {
        confirm: options.confirm ? 'true' : 'false',
        merchant_key: merchantKey,
        ...(options.usedPaymentMethods ? { used_payment_methods: options.usedPaymentMethods } : {}),
      };
      const body = { confirm_recharge_request };
      const request = { method: 'PUT', path: rechargePath(nit), body, responseWrapper: 'confirm_recharge_response' } as const;
      return requireSuccess(await call('confirmRecharge', ConfirmRechargeResponseSchema, request, nit));
    },

    /** §3.7: the documented URL has a slash before the query. */
    async getRechargeStatus(nit: string): Promise<RechargeStatusResponse> {
      const query = { merchantkey: merchantKey };
      const request = { method: 'GET', path: `${rechargePath(nit)}/`, query, responseWrapper: 'get_status_recharge_response' } as const;
      return requireSuccess(await call('getRechargeStatus', RechargeStatusResponseSchema, request, nit));
    },

    describeRefusal(message: string | undefined): string {
      return safeCaratMessage(message, merchantKey);
    },
  };
}

export type CaratClient = ReturnType<typeof createCaratClient>;
