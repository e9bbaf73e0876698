/**
 * The shapes of the shopper's flow: what has been decided so far (Order), where the shopper is
 * (FlowState, one variant per step), and what can happen (FlowEvent). The rules live in flow.ts.
 */
import type {
  Answer, BranchData, CardPayment, CreateRechargeResponse, Dealer, DealerBranch, Question,
  RechargeResult, RechargeType,
} from '../proxy/browser-api.ts';

export type PaymentMode = 'none' | 'card' | 'optional';

/** Fixed per element: read from its attributes. */
export interface FlowSettings {
  /** Preset type; absent: the shopper chooses. */
  type?: RechargeType;
  payment: PaymentMode;
}

export interface ChosenAmount {
  amountCents: number;
  amountKey?: string;
  bonusCents?: number;
  bonusBasisPoints?: number;
  validityDays?: number;
}

/** What the shopper has decided so far; each step adds to it. */
export interface Order {
  type: RechargeType;
  sessionId: string;
  dealers: Dealer[];
  dealer?: Dealer;
  branch?: DealerBranch;
  phone?: { ddd: string; number: string };
  barCode?: string;
  branchData?: BranchData;
  amount?: ChosenAmount;
  answers?: Answer[];
  /** Kept in memory only until the recharge is sent; never in an event or a log. */
  card?: CardPayment;
}

type With<K extends keyof Order> = Order & Required<Pick<Order, K>>;
export type ChosenOrder = With<'dealer'>;
export type LoadedOrder = With<'dealer' | 'branchData'>;
export type PricedOrder = With<'dealer' | 'branchData' | 'amount'>;

/** Why a step could not go on; each kind has its own message and ways forward. */
export type FailureKind = 'denied' | 'undone' | 'network' | 'timeout' | 'unavailable' | 'expired' | 'refused' | 'rate-limited';

export interface Failure {
  kind: FailureKind;
  /** The proxy's error code or Carat's status, for the recharge-error event. */
  code: string;
  /**
   * The proxy's own account of what happened (English, for the merchant's support): passed on in
   * the recharge-error event, never shown to the shopper, who reads the widget's words for the kind.
   */
  reason?: string;
}

/** A field the proxy rejected, shown at that field. */
export interface FieldError {
  field: string;
  message?: string;
}

export type FlowState =
  | { step: 'type'; settings: FlowSettings }
  | { step: 'opening'; settings: FlowSettings; type: RechargeType }
  | { step: 'dealer'; settings: FlowSettings; order: Order; fieldError?: FieldError }
  | { step: 'phone'; settings: FlowSettings; order: ChosenOrder; fieldError?: FieldError }
  | { step: 'barcode'; settings: FlowSettings; order: ChosenOrder; question: Question; fieldError?: FieldError }
  | { step: 'amount'; settings: FlowSettings; order: LoadedOrder; fieldError?: FieldError }
  | { step: 'questions'; settings: FlowSettings; order: PricedOrder; fieldError?: FieldError }
  | { step: 'card'; settings: FlowSettings; order: PricedOrder; fieldError?: FieldError }
  | { step: 'review'; settings: FlowSettings; order: PricedOrder }
  | { step: 'tv-package'; settings: FlowSettings; order: PricedOrder; codes: string[] }
  | { step: 'resuming'; settings: FlowSettings; order: PricedOrder; target: 'card' | 'review' }
  /**
   * receiptWithheld: done, but the proxy no longer keeps the receipt (a PIN product's answer sent
   * again past its RECEIPT_RETENTION_MS); the result says so instead of showing an empty receipt.
   */
  | { step: 'result'; settings: FlowSettings; order: PricedOrder; result: RechargeResult; receiptWithheld: boolean }
  | { step: 'failure'; settings: FlowSettings; failure: Failure; back: FlowState };

export type Step = FlowState['step'];

export type FlowEvent =
  | { type: 'type-chosen'; rechargeType: RechargeType }
  | { type: 'session-opened'; session: CreateRechargeResponse }
  | { type: 'dealer-chosen'; dealer: Dealer }
  | { type: 'branches-loaded'; dealer?: Dealer; branch?: DealerBranch; phone?: Order['phone']; barCode?: string; data: BranchData }
  | { type: 'amount-chosen'; amount: ChosenAmount }
  | { type: 'answers-given'; answers: Answer[] }
  | { type: 'card-entered'; card: CardPayment }
  | { type: 'card-skipped' }
  | { type: 'recharged'; result: RechargeResult }
  | { type: 'resumed'; session: CreateRechargeResponse; data: BranchData }
  | { type: 'failed'; failure: Failure }
  | { type: 'field-rejected'; error: FieldError }
  | { type: 'back' }
  | { type: 'retry' }
  | { type: 'another-card' }
  | { type: 'another-operator' }
  | { type: 'start-again' };

/** The buttons a failure offers, first = the primary one. */
export type WayForward = 'retry' | 'another-card' | 'another-operator' | 'start-again';
