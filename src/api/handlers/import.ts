import { stat } from 'node:fs/promises';
import type { importContract } from '../contract/import.js';
import type { HandlersFor } from './types.js';
import { AppError } from '../../errors.js';
import { taskModule } from '../../jobs/runner.js';
import { checkMappingFields, listMappings, saveMapping } from '../../services/import.js';
import { previewInWorker } from '../../services/import-preview-task.js';

export const importHandlers: HandlersFor<typeof importContract> = {
  // In a worker under the preview limits: a hostile file cannot take the app down (src/services/import-preview-task.ts).
  'import.preview': (s, { path, kind, mapping }) => previewInWorker(s.jobs, path, kind, mapping ?? null),
  'import.start': async (s, { path, kind, mapping, dryRun, saveMappingAs, fileName }) => {
    const c = s.requireCase();
    if (c.readOnly && !dryRun) throw new AppError('forbidden', 'The case is open read-only; imports need it open for writing');
    if (mapping) checkMappingFields(kind, mapping);
    if (saveMappingAs) {
      if (!mapping) throw new AppError('invalid_args', 'To save a mapping, give the mapping to save');
      saveMapping(c, s.user, saveMappingAs, kind, mapping);
    }
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
    } catch {
      throw new AppError('not_found', `No file at ${path}`);
    }
    return s.jobs.start('import', taskModule('services/import-task'), 'runImport', {
      casePath: c.path,
      actor: s.user,
      path,
      kind,
      mapping: mapping ?? null,
      dryRun: dryRun ?? false,
      ...(fileName ? { fileName } : {}),
    });
  },
  'import.mappings': (s, { kind }) => listMappings(s.requireCase().read, kind),
  'import.saveMapping': (s, { name, kind, mapping }) => saveMapping(s.requireCase(), s.user, name, kind, mapping),
};
