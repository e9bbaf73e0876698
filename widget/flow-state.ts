/**
 * The shapes of the shopper's flow: what has been decided so far (Order), where the shopper is
 * (FlowState, one variant per step), what can happen (FlowEvent) and the calls the flow asks for
 * (Effect). The rules live in flow.ts.
 */
import type {
  Answer, BranchData, BranchDataRequest, CardPayment, CreateRechargeResponse, Dealer, DealerBranch, Question,
  RechargeRequest, RechargeResult, RechargeSession, RechargeType, ScheduleSummary,
} from '../proxy/browser-api.ts';

/** A monthly top-up (issue 10): how many months, and the first day (YYYY-MM-DD); no day: the first top-up now. */
export interface RepeatChoice {
  times: number;
  startDate?: string;
}

/** What the element brings: its attributes, and whether it has come near the viewport. */
export interface FlowSettings {
  /** Preset type; absent: the shopper chooses. */
  type?: RechargeType;
  /**
   * The merchant's order grant (attribute grant="<jwt>"): its checkout already took the money, so
   * there is no card step; sent when the session opens. Without it, the shopper pays by card.
   */
  grant?: string;
  /** Preset operator code: a top-up skips the operator choice when the list has it. */
  dealer?: string;
  /**
   * The widget is (nearly) on screen. Opening a session creates a Carat transaction, so a widget
   * further down the page waits for the shopper to get there before it opens one.
   */
  near?: boolean;
}

export interface ChosenAmount {
  amountCents: number;
  amountKey?: string;
  bonusCents?: number;
  bonusBasisPoints?: number;
  validityDays?: number;
  /** Days the bonus stays valid (often fewer than the credit's). */
  bonusValidityDays?: number;
  /**
   * What the card is charged, when Carat prices a fixed amount otherwise (its payment_amount, e.g.
   * with a fee); the proxy charges the same. Absent: the amount.
   */
  paymentAmountCents?: number;
}

/** The installments a card payment may have: 1 to `max`, each at least `minCents`. */
export interface InstallmentLimits {
  max: number;
  minCents: number;
}

/** What the shopper has decided so far; each step adds to it. */
export interface Order {
  type: RechargeType;
  sessionId: string;
  dealers: Dealer[];
  /** Card brand ids the proxy can charge, as the session told (absent: an older proxy). */
  cardBrands?: string[];
  /** The proxy's installment bounds (MAX_INSTALLMENTS, MIN_INSTALLMENT_CENTS), as the session told (absent: an older proxy). */
  installmentLimits?: InstallmentLimits;
  dealer?: Dealer;
  branch?: DealerBranch;
  phone?: { ddd: string; number: string };
  barCode?: string;
  branchData?: BranchData;
  amount?: ChosenAmount;
  answers?: Answer[];
  /** Kept in memory only until the recharge is sent; never in an event or a log. */
  card?: CardPayment;
  /** A card-paid phone top-up repeated every month (steps/repeat-choice.ts). */
  repeat?: RepeatChoice;
}

type With<K extends keyof Order> = Order & Required<Pick<Order, K>>;
export type ChosenOrder = With<'dealer'>;
export type LoadedOrder = With<'dealer' | 'branchData'>;
export type PricedOrder = With<'dealer' | 'branchData' | 'amount'>;

/**
 * What a recharge was, once sent: all that the pending screen, the result and the page's
 * recharge-complete event need. A pending one is kept in sessionStorage (pending-store.ts), so it
 * holds nothing secret: never the card.
 */
export interface SentRecharge {
  sessionId: string;
  type: RechargeType;
  dealer: { code: string; name: string };
  amountCents: number;
  /** The bonus in cents, for the result's summary. */
  bonusCents?: number;
  phone?: { ddd: string; number: string };
}

/** A recharge whose outcome the proxy does not know yet (issue 9): the widget looks again until it is settled. */
export interface PendingRecharge extends SentRecharge {
  /** The proxy's wait before the first look, in ms (0 after a lost answer: look at once). */
  retryAfterMs: number;
  /**
   * The attempt's Idempotency-Key, kept across a reload: a PIN settled as done is only in the
   * recharge call's own answer, which the proxy replays for this key (never on a look at the session).
   */
  attemptKey?: string;
  /**
   * The request sent with attemptKey, without the card: asking for its answer again sends it
   * (the proxy refuses a key reused with another request, 422). Absent in entries of older widgets.
   */
  attemptRequest?: RechargeRequest;
}

/**
 * Why a step could not go on; each kind has its own message and ways forward. Only 'denied' and
 * 'undone' say nothing was charged (Carat said NEG, PPN, INV or EXP, and no payment CON);
 * 'unconfirmed' is an outcome the widget could not learn (the proxy no longer knows the session,
 * or Carat's last word is not one of those).
 */
export type FailureKind =
  | 'denied' | 'undone' | 'unconfirmed' | 'network' | 'timeout' | 'unavailable' | 'expired' | 'refused' | 'rate-limited';

export interface Failure {
  kind: FailureKind;
  /** The proxy's error code or Carat's status, for the recharge-error event. */
  code: string;
  /**
   * The proxy's own account of what happened (English, for the merchant's support): passed on in
   * the recharge-error event, never shown to the shopper, who reads the widget's words for the kind.
   */
  reason?: string;
  /** denied: who said no, when Carat's answer tells (its payment NEG: the card's issuer). */
  deniedBy?: 'card' | 'operator';
}

/** A field the proxy rejected, shown at that field. */
export interface FieldError {
  field: string;
  message?: string;
}

export type FlowState =
  | { step: 'type'; settings: FlowSettings }
  /** askDealer: "choose another operator" asks even when an operator is preset. */
  | { step: 'opening'; settings: FlowSettings; type: RechargeType; askDealer?: true }
  | { step: 'dealer'; settings: FlowSettings; order: Order; fieldError?: FieldError }
  | { step: 'phone'; settings: FlowSettings; order: ChosenOrder; fieldError?: FieldError }
  | { step: 'barcode'; settings: FlowSettings; order: ChosenOrder; question: Question; fieldError?: FieldError }
  | { step: 'amount'; settings: FlowSettings; order: LoadedOrder; fieldError?: FieldError }
  | { step: 'questions'; settings: FlowSettings; order: PricedOrder; fieldError?: FieldError }
  | { step: 'card'; settings: FlowSettings; order: PricedOrder; fieldError?: FieldError }
  /**
   * attemptKey: the Idempotency-Key of this attempt, set when the shopper confirms. "Try again"
   * after a lost connection comes back to this very state and so resends the same key, which lets
   * the proxy answer with the first outcome instead of recharging twice (attemptRequest: what was
   * sent with it, without the card, to ask again after a pending answer); a new session (resume,
   * another card) or a TV package choice is a new attempt with a new key.
   */
  | { step: 'review'; settings: FlowSettings; order: PricedOrder; attemptKey?: string; attemptRequest?: RechargeRequest }
  | { step: 'tv-package'; settings: FlowSettings; order: PricedOrder; codes: string[]; attemptKey?: string; attemptRequest?: RechargeRequest }
  | { step: 'resuming'; settings: FlowSettings; order: PricedOrder; target: 'card' | 'review' }
  /**
   * The recharge was sent and its outcome is not known yet: the widget looks at the session until
   * the proxy says it is settled, and offers nothing to do meanwhile (no second payment, no new
   * session). looks: how many looks were taken (the wait between them grows with it). sentFrom:
   * the step the recharge was sent from, in memory only (absent after a reload), so that a settled
   * outcome can offer the ways forward it always did.
   */
  | { step: 'pending'; settings: FlowSettings; recharge: PendingRecharge; looks: number; sentFrom?: SendingState }
  /**
   * receiptWithheld: done, but the proxy no longer keeps the receipt (a PIN product's answer sent
   * again past its RECEIPT_RETENTION_MS); the result says so instead of showing an empty receipt.
   */
  | { step: 'result'; settings: FlowSettings; recharge: SentRecharge; result: RechargeResult; receiptWithheld: boolean }
  /**
   * A monthly top-up set up: its summary and, once, its manage link; result: the recharge call's
   * answer (CON with the receipt when the first top-up was made now, NOV when nothing was).
   */
  | { step: 'scheduled'; settings: FlowSettings; recharge: SentRecharge; schedule: ScheduleSummary; repeat: RepeatChoice; result: RechargeResult }
  | { step: 'failure'; settings: FlowSettings; failure: Failure; back: FlowState };

export type Step = FlowState['step'];
/** The steps a recharge is sent from. */
export type SendingState = Extract<FlowState, { step: 'review' | 'tv-package' }>;

/** What a branch-data lookup was for: carried by its call and back in its outcome. */
export interface LookedUp {
  dealer?: Dealer;
  branch?: DealerBranch;
  phone?: Order['phone'];
  barCode?: string;
}

/** What the shopper does: the steps send these (steps/step-element.ts). */
export type ShopperEvent =
  | { type: 'type-chosen'; rechargeType: RechargeType }
  | { type: 'dealer-chosen'; dealer: Dealer; branch?: DealerBranch }
  | { type: 'phone-entered'; phone: { ddd: string; number: string } }
  | { type: 'barcode-entered'; barCode: string }
  | { type: 'amount-chosen'; amount: ChosenAmount }
  | { type: 'answers-given'; answers: Answer[] }
  | { type: 'card-entered'; card: CardPayment }
  /** On the review: repeat every month (or not, when absent). */
  | { type: 'repeat-chosen'; repeat?: RepeatChoice }
  /** newKey: a fresh Idempotency-Key, used unless this attempt already has one. */
  | { type: 'confirmed'; newKey: string }
  | { type: 'tv-package-chosen'; code: string; newKey: string }
  | { type: 'back' }
  | { type: 'retry' }
  | { type: 'another-card' }
  | { type: 'another-operator' }
  | { type: 'start-again' };

/** What the world does: a call's outcome, or the widget coming near the viewport. */
export type WorldEvent =
  | { type: 'came-near' }
  | { type: 'session-opened'; session: CreateRechargeResponse }
  | ({ type: 'branches-loaded'; data: BranchData } & LookedUp)
  | { type: 'recharged'; result: RechargeResult }
  /** The proxy answered 202: the outcome is not known yet; look again after retryAfterMs. */
  | { type: 'recharge-pending'; retryAfterMs: number }
  | { type: 'looked-up'; session: RechargeSession }
  | { type: 'resumed'; session: CreateRechargeResponse; data: BranchData }
  | { type: 'failed'; failure: Failure }
  | { type: 'field-rejected'; error: FieldError };

export type FlowEvent = ShopperEvent | WorldEvent;

/**
 * A call to the proxy the flow asks for; its outcome comes back as a WorldEvent (flow-effects.ts
 * runs it). Plain data: the flow decides every request, the controller only sends it.
 */
export type Effect =
  | { call: 'open-session'; type: RechargeType; grant?: string }
  | { call: 'branch-data'; sessionId: string; request: BranchDataRequest; lookedUp: LookedUp }
  /** A new session for the same order (after an undo, an expiry or a denied card): open it, then its branch data. */
  | { call: 'resume'; type: RechargeType; request: BranchDataRequest; grant?: string }
  | { call: 'recharge'; sessionId: string; request: RechargeRequest; idempotencyKey: string }
  /** A look at a pending recharge's session after a wait (a background call: the screen is not busy). */
  | { call: 'look-up'; sessionId: string; afterMs: number };

/** What transition() gives: the next state, and the call to start, if any. */
export interface Next {
  state: FlowState;
  effect?: Effect;
  /** The step on screen stays (a call starts from it, or only a setting changed): no new screen to report. */
  sameScreen?: true;
}

/** The buttons a failure offers, first = the primary one. */
export type WayForward = 'retry' | 'another-card' | 'another-operator' | 'start-again';
