/** Merchants registered on the sandbox, found by their merchant key (the recharge API's identity). */

export interface SandboxMerchant {
  /** Merchant id on Carat (< 15 AN). */
  id: string;
  /** Merchant key (< 80 A). */
  key: string;
  auth: 'signature' | 'authenticity';
  /** Authenticity mode: where the form POST goes. */
  authenticityUrl?: string;
  /**
   * Where the daily batch form-POSTs each schedule execution (§4.5: the merchant registration holds
   * a status URL). Without one the notices stay pending, as Carat leaves an undeliverable one.
   */
  statusUrl?: string;
  /** Signature mode: RS256 public key (SPKI or PKCS#1 PEM). */
  publicKeyPem?: string;
}

export const DEMO_MERCHANT: SandboxMerchant = {
  id: 'demo',
  key: 'DEMO0000000000000000000000000000',
  auth: 'authenticity',
  authenticityUrl: 'http://127.0.0.1:8080/carat/authenticity',
  statusUrl: 'http://127.0.0.1:8080/carat/status',
};

export class MerchantRegistry {
  #byKey = new Map<string, SandboxMerchant>();

  constructor(merchants: SandboxMerchant[]) {
    merchants.forEach((m) => this.register(m));
  }

  /** Replaces a merchant registered with the same key. */
  register(merchant: SandboxMerchant): void {
    if (merchant.auth === 'signature' && !merchant.publicKeyPem) {
      throw new Error(`merchant ${merchant.id}: signature mode needs publicKeyPem`);
    }
    if (merchant.auth === 'authenticity' && !merchant.authenticityUrl) {
      throw new Error(`merchant ${merchant.id}: authenticity mode needs authenticityUrl`);
    }
    this.#byKey.set(merchant.key, { ...merchant });
  }

  byKey(key: string): SandboxMerchant | undefined {
    return this.#byKey.get(key);
  }
}
