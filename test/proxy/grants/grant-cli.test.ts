/** `npm run grant`: prints one grant that verifies with the same ORDER_GRANT_SECRET, or says why not. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verifyOrderGrant } from '../../../proxy/grants/order-grant.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'cli-grant-secret-0123456789abcdef0123';

async function grantCli(args: string[], secret: string | undefined): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ORDER_GRANT_SECRET;
  if (secret !== undefined) env.ORDER_GRANT_SECRET = secret;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'proxy/grants/grant-cli.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('grant CLI', () => {
  it('--order A123 --type normal --max 2000 prints one grant that verifies', async () => {
    const { code, stdout } = await grantCli(['--order', 'A123', '--type', 'normal', '--max', '2000'], SECRET);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const grant = verifyOrderGrant(lines[0]!, SECRET, Date.now());
    assert.deepEqual([grant.orderId, grant.type, grant.maxAmountCents, grant.dealerCode, grant.phone], ['A123', 'normal', 2000, undefined, undefined]);
    assert.throws(() => verifyOrderGrant(lines[0]!, `${SECRET}-other`, Date.now()), /signature/);
  });

  it('takes the optional dealer, phone, jti and lifetime', async () => {
    const args = ['--order', 'B9', '--type', 'normal', '--max', '1500', '--dealer', '003', '--ddd', '21', '--phone', '987654321', '--jti', 'cli-test-0001', '--expires-in', '600'];
    const { code, stdout } = await grantCli(args, SECRET);
    assert.equal(code, 0);
    const grant = verifyOrderGrant(stdout.trim(), SECRET, Date.now());
    assert.equal(grant.dealerCode, '003');
    assert.deepEqual(grant.phone, { ddd: '21', number: '987654321' });
    assert.equal(grant.jti, 'cli-test-0001');
    assert.equal(grant.exp - (grant.iat ?? 0), 600);
  });

  it('refuses without a usable ORDER_GRANT_SECRET, or with a bad claim, printing nothing on stdout', async () => {
    const base = ['--order', 'A123', '--type', 'normal', '--max', '2000'];
    for (const [args, secret, message] of [
      [base, undefined, /ORDER_GRANT_SECRET is unset or shorter than 32/],
      [base, 'short', /shorter than 32/],
      [['--order', 'A-1', '--type', 'normal', '--max', '2000'], SECRET, /claim orderId/],
      [['--order', 'A1', '--type', 'gift', '--max', '2000'], SECRET, /--type/],
      [['--order', 'A1', '--type', 'normal', '--max', '0'], SECRET, /claim maxAmountCents/],
      [['--order', 'A1', '--type', 'normal', '--max', '1', '--expires-in', '7200'], SECRET, /more than 1 hour/],
      [['--order', 'A1'], SECRET, /usage/],
    ] as const) {
      const result = await grantCli([...args], secret);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    }
  });
});
