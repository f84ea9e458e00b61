/**
 * The proof a creditor receives with a distribution statement (JSON, and the
 * same JSON in the statement's QR code), and its verification. See
 * docs/proof-format.md.
 */
import { AppError } from '../errors.js';
import { leafHash, MerkleTree, rootFrom, saltFor, type LeafData } from './merkle.js';

export const STATEMENT_FORMAT = 'recourse-statement-v1';

export interface ProofEntry {
  claim: string;
  class: string;
  paid_this_run: string;
  paid_cumulative: string;
  /** Sibling hashes from the leaf to the root (hex). */
  proof: string[];
}

export interface ProofStatement {
  format: typeof STATEMENT_FORMAT;
  run: string;
  currency: string;
  creditor: string;
  salt: string;
  /** The run's published root (a verifier checks against the root it got from the administrator's publication). */
  root: string;
  entries: ProofEntry[];
}

/** One portion of a run as it enters the tree. */
export interface ProofPortion {
  creditor: string;
  claim: string;
  class: string;
  paidThisRun: string;
  paidCumulative: string;
}

/** The tree of a run and the per-creditor statements that prove inclusion in it. */
export class RunProof {
  readonly tree: MerkleTree;
  private readonly leaves: Buffer[];

  constructor(
    readonly run: string,
    readonly currency: string,
    private readonly secret: string,
    private readonly portions: readonly ProofPortion[],
  ) {
    const salts = new Map<string, string>();
    this.leaves = portions.map((p) => {
      let salt = salts.get(p.creditor);
      if (!salt) {
        salt = saltFor(secret, p.creditor, run);
        salts.set(p.creditor, salt);
      }
      return leafHash(this.leafData(p, salt));
    });
    this.tree = new MerkleTree(this.leaves);
  }

  get root(): string {
    return this.tree.root;
  }

  private leafData(p: ProofPortion, salt: string): LeafData {
    return { run: this.run, claim: p.claim, class: p.class, paidThisRun: p.paidThisRun, paidCumulative: p.paidCumulative, currency: this.currency, salt };
  }

  /** The statement for one creditor: its entries (portion indexes into the run's portions), salt and paths. */
  statementFor(creditor: string, indexes: readonly number[]): ProofStatement {
    const salt = saltFor(this.secret, creditor, this.run);
    const entries = indexes.map((i) => {
      const p = this.portions[i]!;
      return { claim: p.claim, class: p.class, paid_this_run: p.paidThisRun, paid_cumulative: p.paidCumulative, proof: this.tree.proof(this.leaves[i]!) };
    });
    return { format: STATEMENT_FORMAT, run: this.run, currency: this.currency, creditor, salt, root: this.root, entries };
  }
}

export interface EntryCheck {
  claim: string;
  class: string;
  included: boolean;
  /** The root this entry's path leads to. */
  computedRoot: string;
}

export interface VerifyResult {
  ok: boolean;
  root: string;
  entries: EntryCheck[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Check a statement's shape; throws an AppError naming the first problem. */
export function parseStatement(raw: unknown): ProofStatement {
  const bad = (what: string) => new AppError('invalid_args', `Not a Recourse statement: ${what}`);
  if (!raw || typeof raw !== 'object') throw bad('expected a JSON object');
  const s = raw as Record<string, unknown>;
  if (s.format !== STATEMENT_FORMAT) throw bad(`format must be "${STATEMENT_FORMAT}"`);
  for (const k of ['run', 'currency', 'creditor', 'salt'] as const) if (typeof s[k] !== 'string') throw bad(`"${k}" is missing`);
  if (!HEX64.test(s.salt as string)) throw bad('"salt" must be 64 hex characters');
  if (!Array.isArray(s.entries) || s.entries.length === 0) throw bad('"entries" must list at least one entry');
  const entries = (s.entries as unknown[]).map((e, i) => {
    const x = (e ?? {}) as Record<string, unknown>;
    for (const k of ['claim', 'class', 'paid_this_run', 'paid_cumulative'] as const) {
      if (typeof x[k] !== 'string') throw bad(`entry ${i + 1} has no "${k}"`);
    }
    if (!Array.isArray(x.proof) || !x.proof.every((h) => typeof h === 'string' && HEX64.test(h))) throw bad(`entry ${i + 1}: "proof" must be a list of 64-hex hashes`);
    return { claim: x.claim as string, class: x.class as string, paid_this_run: x.paid_this_run as string, paid_cumulative: x.paid_cumulative as string, proof: x.proof as string[] };
  });
  const root = typeof s.root === 'string' ? s.root : '';
  return { format: STATEMENT_FORMAT, run: s.run as string, currency: s.currency as string, creditor: s.creditor as string, salt: s.salt as string, root, entries };
}

/** Verify every entry of a statement against a root the creditor trusts (not the root written in the statement). */
export function verifyStatement(st: ProofStatement, root: string): VerifyResult {
  const want = root.trim().toLowerCase();
  if (!HEX64.test(want)) throw new AppError('invalid_args', 'The root must be 64 hex characters (the run root the administrator published)');
  const entries = st.entries.map((e) => {
    const leaf = leafHash({ run: st.run, claim: e.claim, class: e.class, paidThisRun: e.paid_this_run, paidCumulative: e.paid_cumulative, currency: st.currency, salt: st.salt });
    const computedRoot = rootFrom(leaf, e.proof);
    return { claim: e.claim, class: e.class, included: computedRoot === want, computedRoot };
  });
  return { ok: entries.every((e) => e.included), root: want, entries };
}
