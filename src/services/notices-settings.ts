/** The case settings notices print: letterhead, payment method, objection period or deadline. */
import { appendAudit } from '../store/audit.js';
import { tx, type ReadDb, type WriteDb } from '../store/db.js';
import { AppError } from '../errors.js';
import { caseInfo, metaMap } from '../export/load.js';

export interface NoticeSettings {
  letterheadName: string;
  letterheadAddress: string;
  letterheadContact: string;
  paymentMethod: string;
  objectionDays: number;
  objectionDeadline: string | null;
}

export function noticeSettings(db: ReadDb | WriteDb): NoticeSettings {
  const info = caseInfo(db);
  return {
    letterheadName: info.letterhead.name,
    letterheadAddress: info.letterhead.address,
    letterheadContact: info.letterhead.contact,
    paymentMethod: info.paymentMethod,
    objectionDays: info.objectionDays,
    objectionDeadline: info.objectionDeadline,
  };
}

const KEYS: Record<keyof NoticeSettings, string> = {
  letterheadName: 'letterhead_name',
  letterheadAddress: 'letterhead_address',
  letterheadContact: 'letterhead_contact',
  paymentMethod: 'payment_method',
  objectionDays: 'objection_days',
  objectionDeadline: 'objection_deadline',
};

/** Change some settings, in one transaction with its audit entry. An empty text restores the default. */
export function saveNoticeSettings(db: WriteDb, actor: string, patch: Partial<NoticeSettings>): NoticeSettings {
  if (patch.objectionDays !== undefined && (!Number.isInteger(patch.objectionDays) || patch.objectionDays < 1 || patch.objectionDays > 365)) {
    throw new AppError('invalid_args', 'The objection period is a whole number of days from 1 to 365');
  }
  return tx(db, () => {
    const before = noticeSettings(db);
    const meta = metaMap(db);
    const set = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    const del = db.prepare('DELETE FROM case_meta WHERE key = ?');
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch) as Array<[keyof NoticeSettings, unknown]>) {
      if (v === undefined) continue;
      const key = KEYS[k];
      const text = v === null ? '' : String(v).trim();
      if ((meta.get(key) ?? '') === text) continue;
      if (text === '') del.run(key);
      else set.run(key, text);
      changed[k] = v;
    }
    const after = noticeSettings(db);
    if (Object.keys(changed).length) {
      appendAudit(db, { actor, action: 'case.notice_settings', entity: 'case', entityRef: 'notices', before, after, reason: 'Notice settings changed' });
    }
    return after;
  });
}
