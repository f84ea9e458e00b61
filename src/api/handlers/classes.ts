import type { classesContract } from '../contract/classes.js';
import type { HandlersFor } from './types.js';
import { taskModule } from '../../jobs/runner.js';
import { getLadder, saveLadder } from '../../services/classes.js';
import { listTemplates, loadTemplate } from '../../services/classes-template.js';
import { importClasses } from '../../services/classes-csv.js';
import { addRule, removeRule, saveRules } from '../../services/classify-rules.js';
import { previewRules } from '../../services/classify.js';
import { approve, history, override, propose } from '../../services/classify-review.js';
import { classSummary, reviewQueue, unapprovedSummary } from '../../services/classify-queue.js';
import { diffVersions, signOff, versions } from '../../services/classes-versions.js';

export const classesHandlers: HandlersFor<typeof classesContract> = {
  'classes.get': (s) => getLadder(s.requireCase().read),
  'classes.save': (s, { classes, note }) => saveLadder(s.requireCase().db, s.user, classes, note),
  'classes.templates': () => listTemplates(),
  'classes.template': (s, { name }) => loadTemplate(s.requireCase().db, s.user, name),
  'classes.import': (s, args) => importClasses(s.requireCase().db, s.user, args),
  'classes.rules.save': (s, { rules }) => saveRules(s.requireCase().db, s.user, rules),
  'classes.rules.add': (s, { rule, position }) => addRule(s.requireCase().db, s.user, rule, position),
  'classes.rules.remove': (s, { id }) => removeRule(s.requireCase().db, s.user, id),
  'classes.preview': (s, { rules }) => previewRules(s.requireCase().read, rules),
  'classes.classify': (s, { apply }) => {
    const c = s.requireCase();
    return s.jobs.start(apply ? 'classify.apply' : 'classify.preview', taskModule('services/classify'), 'classifyTask', { casePath: c.path, actor: s.user, apply });
  },
  'classes.queue': (s, args) => reviewQueue(s.requireCase().read, s.user, args),
  'classes.approve': (s, { ref }) => approve(s.requireCase().db, s.user, ref),
  'classes.override': (s, { ref, classCode, reason, citation }) => override(s.requireCase().db, s.user, ref, classCode, reason, citation),
  'classes.propose': (s, { ref, classCode, reason }) => propose(s.requireCase().db, s.user, ref, classCode, reason),
  'classes.approveAll': (s, { classCode }) => {
    const c = s.requireCase();
    return s.jobs.start('classify.approveAll', taskModule('services/classify-review'), 'approveAllTask', {
      casePath: c.path,
      actor: s.user,
      ...(classCode ? { classCode } : {}),
    });
  },
  'classes.history': (s, { ref }) => history(s.requireCase().read, ref),
  'classes.summary': (s) => classSummary(s.requireCase().read),
  'classes.unapproved': (s, { limit }) => unapprovedSummary(s.requireCase().read, limit),
  'classes.versions': (s) => versions(s.requireCase().read),
  'classes.diff': (s, { from, to, limit }) => diffVersions(s.requireCase().read, from, to, limit),
  'classes.signoff': (s, { version }) => signOff(s.requireCase().db, s.user, version),
};
