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

/** Carat's texts go to the browser: keep anything that looks like a NIT or our key out of them. */
function safeCaratMessage(message: string | undefined, merchantKey: string): string {
  if (!message) return 'no reason given';
  return message.split(merchantKey).join('[hidden]').replace(/[A-Za-z0-9]{32,}/g, '[hidden]').slice(0, 300);
}

export function createCaratClient(options: CaratClientOptions) {
  const { http, merchantKey, signer } = options;

  async function call<S extends z.ZodType>(operation: CaratOperation, schema: S, request: Omit<CaratRequest, 'authorization'>, nit?: string): Promise<z.infer<S>> {
    const content = await http.send({ ...request, ...(signer ? { authorization: signer.authorization(operation, nit) } : {}) });
    const parsed = schema.safeParse(content);
    if (!parsed.success) {
      throw new GatewayFailure('gateway_unavailable', 'The payment gateway sent an unexpected answer. Please try again.', true);
    }
    return parsed.data;
  }

  function requireSuccess<T extends { esitef: { code: string; message?: string | undefined }; status?: string | undefined }>(response: T): T {
    if (response.esitef.code !== '0') {
      throw new GatewayFailure('gateway_rejected', `The payment gateway refused the request: ${safeCaratMessage(response.esitef.message, merchantKey)}`, false, response.status);
    }
    return response;
  }

  const nitPath = (nit: string) => encodeURIComponent(nit);

  return {
    async createRecharge(args: { rechargeType: RechargeType; merchantUsn: string; orderId: string; generalHash: string }): Promise<BeginRechargeResponse> {
      const body = { begin_recharge_request: { merchant_key: merchantKey, merchant_usn: args.merchantUsn, order_id: args.orderId, general_hash: args.generalHash, recharge_type: args.rechargeType } };
      return requireSuccess(await call('createRecharge', BeginRechargeResponseSchema, { method: 'POST', path: '/v3/recharge', body, responseWrapper: 'begin_recharge_response' }));
    },

    async listDealers(nit: string, generalHash: string): Promise<ListDealersResponse> {
      const request = { method: 'GET', path: '/v3/rechargedealers', query: { nit, generalhash: generalHash }, responseWrapper: 'list_dealers_response' } as const;
      return requireSuccess(await call('listDealers', ListDealersResponseSchema, request, nit));
    },

    /** normal: GET with a query string; others and invoice: PUT with a JSON body (§3.4). */
    async listBranchData(nit: string, selection: BranchSelection, generalHash: string): Promise<ListBranchDataResponse> {
      const responseWrapper = 'list_branch_data_response';
      if (selection.type === 'normal') {
        const query = { nit, ddd: selection.ddd, dealercode: selection.dealerCode, generalhash: generalHash };
        return requireSuccess(await call('listBranchData', ListBranchDataResponseSchema, { method: 'GET', path: '/v3/rechargebranches', query, responseWrapper }, nit));
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
      const request = { method: 'PUT', path: `/v3/rechargebranches/${nitPath(nit)}`, body: { list_branch_data_request }, responseWrapper } as const;
      return requireSuccess(await call('listBranchData', ListBranchDataResponseSchema, request, nit));
    },

    /** Not checked for success here: a denial (NEG) is a result the orchestration reports. */
    async doRecharge(nit: string, doRechargeRequest: Record<string, unknown>): Promise<DoRechargeResponse> {
      const request = { method: 'PUT', path: `/v3/recharge/${nitPath(nit)}`, body: { do_recharge_request: doRechargeRequest }, responseWrapper: 'do_recharge_response' } as const;
      return call('doRecharge', DoRechargeResponseSchema, request, nit);
    },

    async confirmRecharge(nit: string, options: ConfirmOptions): Promise<ConfirmRechargeResponse> {
      const confirm_recharge_request = {
        confirm: options.confirm ? 'true' : 'false',
        merchant_key: merchantKey,
        ...(options.usedPaymentMethods ? { used_payment_methods: options.usedPaymentMethods } : {}),
      };
      const request = { method: 'PUT', path: `/v3/recharge/${nitPath(nit)}`, body: { confirm_recharge_request }, responseWrapper: 'confirm_recharge_response' } as const;
      return requireSuccess(await call('confirmRecharge', ConfirmRechargeResponseSchema, request, nit));
    },

    async getRechargeStatus(nit: string): Promise<RechargeStatusResponse> {
      const request = { method: 'GET', path: `/v3/recharge/${nitPath(nit)}/`, query: { merchantkey: merchantKey }, responseWrapper: 'get_status_recharge_response' } as const;
      return requireSuccess(await call('getRechargeStatus', RechargeStatusResponseSchema, request, nit));
    },

    describeRefusal(message: string | undefined): string {
      return safeCaratMessage(message, merchantKey);
    },
  };
}

export type CaratClient = ReturnType<typeof createCaratClient>;
