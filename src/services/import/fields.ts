/**
 * The fields each kind of import fills, the header names they are known by,
 * and the mapping from a file's columns to fields: suggested from the
 * headers, or given explicitly ({"column in file": "field"}).
 */
import { AppError } from '../../errors.js';
import type { ImportKind } from './types.js';

export interface FieldDef {
  key: string;
  label: string;
  /** true: every row needs it; 'new': needed to create a record that does not exist yet. */
  required: boolean | 'new';
  help: string;
  synonyms: readonly string[];
}

const f = (key: string, label: string, required: FieldDef['required'], help: string, synonyms: string[]): FieldDef => ({ key, label, required, help, synonyms });

const CREDITOR_DETAIL: FieldDef[] = [
  f('creditor_type', 'Creditor type', false, 'individual, entity, insider, employee, government or affiliate (new creditors default to individual)', ['creditortype', 'entitytype', 'partytype', 'customertype', 'accounttype']),
  f('kyc', 'KYC state', false, 'not started, pending, verified, failed or restricted', ['kyc', 'kycstate', 'kycstatus']),
  f('jurisdiction', 'Jurisdiction', false, 'Country or jurisdiction of the creditor', ['jurisdiction', 'country', 'residence', 'countryofresidence', 'domicile']),
  f('email', 'Email', false, 'Email address for notices', ['email', 'emailaddress', 'mail', 'creditoremail']),
  f('address', 'Address', false, 'Postal address', ['address', 'postaladdress', 'mailingaddress', 'creditoraddress']),
];

export const FIELDS: Record<ImportKind, readonly FieldDef[]> = {
  claims: [
    f('ref', 'Claim reference', true, 'Unique reference of the claim', ['ref', 'claimref', 'claimid', 'claimno', 'claimnumber', 'claimreference', 'claim', 'pocnumber', 'poc', 'proofofclaim', 'reference']),
    f('creditor_ref', 'Creditor reference', true, 'Reference of the creditor (account or customer ID)', ['creditorref', 'creditorid', 'creditorno', 'creditornumber', 'creditorreference', 'customerid', 'customerref', 'customerno', 'accountid', 'accountno', 'accountnumber', 'account', 'userid', 'uid']),
    f('creditor_name', 'Creditor name', 'new', 'Name of the creditor (needed when the creditor is not yet in the case)', ['creditorname', 'creditor', 'name', 'customername', 'accountname', 'accountholder', 'holder', 'fullname', 'claimant', 'claimantname']),
    f('asset', 'Asset', true, 'Asset code of the claim (USD, BTC, ETH…)', ['asset', 'currency', 'coin', 'token', 'ccy', 'symbol', 'assetcode', 'denomination', 'unit']),
    f('amount', 'Amount claimed', true, 'Quantity of the asset claimed, with a point for decimals', ['amount', 'quantity', 'qty', 'amountclaimed', 'claimedamount', 'assertedamount', 'asserted', 'claimamount', 'balance', 'claimed', 'claimedquantity']),
    f('allowed_amount', 'Allowed amount', false, 'Quantity allowed after review', ['allowedamount', 'allowed', 'allowedquantity', 'amountallowed', 'admitted', 'admittedamount']),
    f('status', 'Status', false, 'filed, under review, allowed, disputed, disallowed, withdrawn, superseded or duplicate (new claims default to filed)', ['status', 'claimstatus', 'state']),
    f('class', 'Class', false, 'Class code; recorded as a proposal for review', ['class', 'classcode', 'claimclass']),
    f('secured_by', 'Secured by', false, 'Reference of the estate asset held as collateral', ['securedby', 'collateral', 'collateralref', 'securityasset', 'secured']),
    f('lien', 'Lien order', false, 'Lien order on the collateral: 1 is the most senior', ['lien', 'lienorder', 'lienrank', 'lienpriority']),
    f('setoff', 'Set-off', false, 'Amount the creditor owes the estate, in the case currency', ['setoff', 'offset', 'setoffamount']),
    f('reserve_estimate', 'Reserve estimate', false, 'Estimate to reserve for a pending claim, in the case currency', ['reserveestimate', 'reserve', 'estimatedreserve', 'reserveamount']),
    f('amends', 'Amends', false, 'Reference of the claim this one replaces (that claim becomes superseded)', ['amends', 'amendsclaim', 'amendedclaim', 'replaces', 'supersedes']),
    f('filed_on', 'Filed on', false, 'Date filed, as YYYY-MM-DD', ['filedon', 'filed', 'datefiled', 'fileddate', 'filingdate', 'date', 'receivedon', 'datereceived', 'submittedon']),
    f('source', 'Source', false, 'scheduled (from the ledger) or filed (a proof of claim); default filed', ['source', 'claimsource', 'origin']),
    ...CREDITOR_DETAIL,
    f('notes', 'Notes', false, 'Free text', ['notes', 'note', 'comment', 'comments', 'remarks']),
  ],
  creditors: [
    f('ref', 'Creditor reference', true, 'Unique reference of the creditor', ['ref', 'creditorref', 'creditorid', 'creditorno', 'creditornumber', 'customerid', 'customerref', 'accountid', 'accountno', 'accountnumber', 'account', 'userid', 'uid', 'id', 'reference']),
    f('name', 'Name', 'new', 'Name of the creditor (needed for a new creditor)', ['name', 'creditorname', 'creditor', 'customername', 'accountname', 'accountholder', 'holder', 'fullname']),
    f('type', 'Type', false, 'individual, entity, insider, employee, government or affiliate (new creditors default to individual)', ['type', 'creditortype', 'entitytype', 'partytype', 'customertype']),
    ...CREDITOR_DETAIL.filter((x) => x.key !== 'creditor_type'),
    f('tax_form', 'Tax form on file', false, 'yes or no', ['taxform', 'taxformonfile', 'w9', 'w8', 'taxdocument']),
    f('tags', 'Tags', false, 'Free tags, separated by commas', ['tags', 'tag', 'labels']),
  ],
  prices: [
    f('asset', 'Asset', true, 'Asset code', ['asset', 'currency', 'coin', 'token', 'symbol', 'assetcode', 'ccy']),
    f('date', 'Date', true, 'Price date, as YYYY-MM-DD', ['date', 'pricedate', 'asof', 'asofdate', 'day']),
    f('price', 'Price', true, 'Price of one whole unit, in the case currency', ['price', 'rate', 'close', 'closeprice', 'closingprice', 'value', 'usdprice']),
    f('source', 'Source', false, 'Where the price comes from', ['source', 'pricesource', 'feed']),
  ],
};

export function headerKey(h: string): string {
  return h
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Field suggested for each column (by header name), or null when none matches. */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const taken = new Set<string>();
  const fields = FIELDS[kind];
  for (const h of headers) {
    const k = headerKey(h);
    const hit = fields.find((fd) => !taken.has(fd.key) && (headerKey(fd.key) === k || fd.synonyms.includes(k)));
    out[h] = hit ? hit.key : null;
    if (hit) taken.add(hit.key);
  }
  return out;
}

/** Mapping keys and values checked; returns field → column index. Explicit mappings name only the columns they use. */
export function resolveMapping(kind: ImportKind, headers: readonly string[], mapping: Record<string, string | null>): Map<string, number> {
  const fields = FIELDS[kind];
  const byKey = new Map(fields.map((fd) => [fd.key, fd]));
  const colOf = new Map(headers.map((h, i) => [h.toLowerCase(), i]));
  const out = new Map<string, number>();
  for (const [col, field] of Object.entries(mapping)) {
    if (field === null || field === '' || field === 'ignore') continue;
    if (!byKey.has(field)) {
      throw new AppError('invalid_args', `The mapping names an unknown field "${field}" for column "${col}"; ${kind} fields are ${fields.map((x) => x.key).join(', ')}`);
    }
    const idx = colOf.get(col.trim().toLowerCase());
    if (idx === undefined) throw new AppError('invalid_args', `The mapping names a column "${col}" that the file does not have; its columns are ${headers.join(', ')}`);
    if (out.has(field)) throw new AppError('invalid_args', `The mapping puts two columns into ${field} ("${headers[out.get(field)!]}" and "${col}"); choose one`);
    out.set(field, idx);
  }
  const missing = fields.filter((fd) => fd.required === true && !out.has(fd.key)).map((fd) => fd.key);
  if (missing.length) {
    throw new AppError('import_rejected', `No column is mapped to ${missing.join(', ')}; the file needs ${missing.length > 1 ? 'them' : 'it'} (map a column in the mapping step or with --mapping)`);
  }
  return out;
}

export function isFieldOf(kind: ImportKind, field: string): boolean {
  return FIELDS[kind].some((fd) => fd.key === field);
}
