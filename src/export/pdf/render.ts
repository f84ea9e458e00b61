/** Render any notice to PDF bytes. */
import type { NoticeInput } from '../types.js';
import { renderDetermination } from './determination.js';
import { renderStatement } from './statement.js';

export function renderNotice(n: NoticeInput): Promise<Buffer> {
  return n.kind === 'distribution' ? renderStatement(n.input) : renderDetermination(n.input);
}
