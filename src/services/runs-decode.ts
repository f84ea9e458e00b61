/**
 * Reading back what runs-input.ts wrote: a stored canonical input (gzip'd
 * text) decoded into the engine input.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../errors.js';
import type { ClaimInput, RunInput } from '../engine/index.js';
import type { ClaimStatus } from '../domain/claims.js';
import { unescapeField } from './runs-text.js';
import { INPUT_FORMAT, inputOf, type InputHeader, type UnapprovedLine } from './runs-input.js';

/** Decode a stored canonical input (gzip'd text) back into the engine input; checks the hash it was stored under. */
export function decodeInput(blob: Buffer): { header: InputHeader; input: RunInput; unapproved: UnapprovedLine[]; hash: string } {
  const raw = gunzipSync(blob);
  const hash = createHash('sha256').update(raw).digest('hex');
  const textAll = raw.toString('utf8');
  const nl = textAll.indexOf('\n');
  const header = JSON.parse(textAll.slice(0, nl)) as InputHeader;
  if (header.format !== INPUT_FORMAT)
    throw new AppError('case_corrupt', `The stored run input has an unknown format ${String(header.format)}`);
  const claims: ClaimInput[] = [];
  const unapproved: UnapprovedLine[] = [];
  let at = nl + 1;
  while (at < textAll.length) {
    let end = textAll.indexOf('\n', at);
    if (end < 0) end = textAll.length;
    const f = textAll.slice(at, end).split('\t');
    at = end + 1;
    if (f[0] === 'C') {
      const pb = f[10]
        ? f[10].split(';').map((x) => {
            const eq = x.lastIndexOf('=');
            return { classCode: unescapeField(x.slice(0, eq)), amount: BigInt(x.slice(eq + 1)) };
          })
        : null;
      claims.push({
        ref: unescapeField(f[1]!),
        creditorRef: unescapeField(f[2]!),
        classCode: unescapeField(f[3]!),
        status: f[4] as ClaimStatus,
        value: BigInt(f[5]!),
        reserveEstimate: f[6] ? BigInt(f[6]) : null,
        securedBy: f[7] ? unescapeField(f[7]) : null,
        lien: f[8] ? Number(f[8]) : null,
        kycVerified: f[9] === '1',
        paidBefore: pb,
      });
    } else if (f[0] === 'U') {
      unapproved.push({
        ref: unescapeField(f[1]!),
        classCode: f[2] ? unescapeField(f[2]) : null,
        status: f[3]!,
        value: BigInt(f[4]!),
        state: f[5] as UnapprovedLine['state'],
      });
    } else if (f.length > 1 || f[0] !== '')
      throw new AppError('case_corrupt', `The stored run input has an unreadable line starting "${f[0]!.slice(0, 20)}"`);
  }
  return { header, input: inputOf(header, claims), unapproved, hash };
}

/** Only the unapproved claims a stored input lists (its "U" lines), without decoding every claim. */
export function decodeUnapproved(blob: Buffer): UnapprovedLine[] {
  const text = gunzipSync(blob).toString('utf8');
  const out: UnapprovedLine[] = [];
  for (let at = text.indexOf('\nU\t'); at >= 0; at = text.indexOf('\nU\t', at + 1)) {
    let end = text.indexOf('\n', at + 1);
    if (end < 0) end = text.length;
    const f = text.slice(at + 1, end).split('\t');
    out.push({
      ref: unescapeField(f[1]!),
      classCode: f[2] ? unescapeField(f[2]) : null,
      status: f[3]!,
      value: BigInt(f[4]!),
      state: f[5] as UnapprovedLine['state'],
    });
  }
  return out;
}
