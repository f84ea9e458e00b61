export { ImportButton } from './ImportButton.js';
export { ImportHost } from './ImportWizard.js';
export { openImport, useImportWizard } from './store.js';
