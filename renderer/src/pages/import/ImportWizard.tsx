/**
 * The import wizard: choose a file and what it holds → map its columns →
 * preview → check (a dry run with the full problem report) → import (a job
 * with progress and Cancel) → what changed. A route-less modal: any page
 * opens it with openImport(kind) or <ImportButton/>.
 */
import { useState } from 'react';
import type { ImportKind, ImportPreview, ImportReport } from '../../../../src/api/contract/index.js';
import { Modal } from '../../components/Modal.js';
import { useUi } from '../../store.js';
import { ChooseStep } from './ChooseStep.js';
import { MappingStep } from './MappingStep.js';
import { PreviewStep } from './PreviewStep.js';
import { CheckStep } from './CheckStep.js';
import { RunStep, SummaryStep } from './RunStep.js';
import { useImportWizard } from './store.js';
import '../../styles/import.css';

export type Step = 'choose' | 'mapping' | 'preview' | 'check' | 'import' | 'summary';
const STEPS: Array<{ key: Step; label: string }> = [
  { key: 'choose', label: 'File' },
  { key: 'mapping', label: 'Columns' },
  { key: 'preview', label: 'Preview' },
  { key: 'check', label: 'Check' },
  { key: 'import', label: 'Import' },
  { key: 'summary', label: 'Done' },
];

export interface Chosen {
  kind: ImportKind;
  path: string;
  fileName: string;
  preview: ImportPreview;
}

export const KIND_LABEL: Record<ImportKind, string> = { claims: 'Claims', creditors: 'Creditors', prices: 'Prices' };

/** Mounted once (App); shows the wizard while one is open. */
export function ImportHost() {
  const open = useImportWizard((s) => s.open);
  const hide = useImportWizard((s) => s.hide);
  return open ? <ImportWizard kind={open} onClose={hide} /> : null;
}

export function ImportWizard({ kind, onClose }: { kind: ImportKind; onClose: () => void }) {
  const [step, setStep] = useState<Step>('choose');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const running = step === 'import';
  const at = STEPS.findIndex((s) => s.key === step);

  const close = () => {
    if (done) useUi.getState().changed();
    onClose();
  };

  return (
    <Modal title={`Import ${KIND_LABEL[chosen?.kind ?? kind].toLowerCase()}`} onClose={running ? () => {} : close}>
      <div className="import-wizard">
        <ol className="wizard-steps" aria-label="Import steps">
          {STEPS.map((s, i) => (
            <li key={s.key} className={i === at ? 'current' : i < at ? 'done' : ''} aria-current={i === at ? 'step' : undefined}>
              <span className="wizard-mark">{i < at ? '✓' : i + 1}</span> {s.label}
            </li>
          ))}
        </ol>
        {step === 'choose' ? (
          <ChooseStep
            kind={chosen?.kind ?? kind}
            onCancel={close}
            onChosen={(c) => {
              setChosen(c);
              setMapping(c.preview.mapping);
              setChecked(null);
              setStep('mapping');
            }}
          />
        ) : null}
        {step === 'mapping' && chosen ? (
          <MappingStep chosen={chosen} mapping={mapping} onChange={setMapping} onBack={() => setStep('choose')} onNext={() => setStep('preview')} />
        ) : null}
        {step === 'preview' && chosen ? <PreviewStep chosen={chosen} mapping={mapping} onBack={() => setStep('mapping')} onNext={() => setStep('check')} /> : null}
        {step === 'check' && chosen ? (
          <CheckStep
            chosen={chosen}
            mapping={mapping}
            report={checked}
            onReport={setChecked}
            onBack={() => setStep('mapping')}
            onOtherFile={() => setStep('choose')}
            onImport={() => setStep('import')}
          />
        ) : null}
        {step === 'import' && chosen ? (
          <RunStep
            chosen={chosen}
            mapping={mapping}
            onEnd={(r) => {
              if (r) {
                setDone(r);
                setStep(r.ok ? 'summary' : 'check');
                if (!r.ok) setChecked(r);
              } else setStep('check');
            }}
          />
        ) : null}
        {step === 'summary' && done ? <SummaryStep report={done} onClose={close} /> : null}
      </div>
    </Modal>
  );
}
