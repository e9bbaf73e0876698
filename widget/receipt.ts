/** Reading Carat's customer receipt, which is plain text meant for a printer. */

/**
 * A PIN product prints its PIN inside the receipt, once (§3.5), as "PIN: 1234-5678-9012". We lift it
 * out so the shopper sees it large, with a copy button; the receipt below still has it too.
 */
export function findPin(receipt: string): string | undefined {
  return /\bPIN\s*[:=]\s*([0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?)/i.exec(receipt)?.[1];
}
