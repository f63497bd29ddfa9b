/**
 * The deposit bank integration (保证金银行接口): a random account per application, a signed
 * payment callback (HMAC-SHA256 over the canonical fields) and refund instructions. The simulator
 * plays the bank for the demo and the tests; a real bank adapter implements `DepositBank`.
 */
import crypto from 'node:crypto';

export interface BankPayment { txnId: string; account: string; amount: number; paidAt: string }

export interface DepositBank {
  /** A fresh random deposit account (随机账号) for one application. */
  openAccount(): Promise<string>;
  /** Sends a refund instruction (退款指令); the bank confirms it later by `confirmRefund`. */
  refund(account: string, amount: number, ref: string): Promise<void>;
}

export function paymentText(p: BankPayment): string {
  return `${p.txnId}|${p.account}|${p.amount}|${p.paidAt}`;
}

export function signPayment(secret: Buffer, p: BankPayment): string {
  return crypto.createHmac('sha256', secret).update(paymentText(p)).digest('hex');
}

export function signatureValid(secret: Buffer, p: BankPayment, signature: string): boolean {
  const want = Buffer.from(signPayment(secret, p), 'hex');
  const got = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

/** The simulator: accounts are 19 random digits under a demo bank prefix; refunds are recorded for the demo. */
export function createBankSimulator(): DepositBank & { refunds: { account: string; amount: number; ref: string }[] } {
  const refunds: { account: string; amount: number; ref: string }[] = [];
  return {
    refunds,
    async openAccount() {
      let digits = '';
      while (digits.length < 13) digits += String(crypto.randomInt(0, 10));
      return `622208${digits}`;
    },
    async refund(account, amount, ref) { refunds.push({ account, amount, ref }); },
  };
}
