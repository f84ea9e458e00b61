import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'dist-electron/', 'release/', 'node_modules/', 'test-artifacts/', 'assets/verifier/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money is parsed with src/money (parseDecimal), never parseFloat.' }],
      'no-restricted-properties': ['error', { object: 'Number', property: 'parseFloat', message: 'Money is parsed with src/money (parseDecimal).' }],
    },
  },
  {
    // The core stays free of Electron, React and the DOM.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'src/ is the core: no Electron. Put shell code in main/.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'src/ is the core: no React. Put UI code in renderer/.' },
            { group: ['**/renderer/**', '**/main/**'], message: 'src/ must not import the shell or the renderer.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Money is parsed with src/money (parseDecimal), never parseFloat.' },
        { name: 'window', message: 'src/ is the core: no DOM.' },
        { name: 'document', message: 'src/ is the core: no DOM.' },
        { name: 'navigator', message: 'src/ is the core: no DOM.' },
        { name: 'localStorage', message: 'src/ is the core: no DOM.' },
        { name: 'HTMLElement', message: 'src/ is the core: no DOM.' },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'better-sqlite3', 'node:*'], message: 'The renderer talks only to the API.' },
            { group: ['**/src/services/**', '**/src/store/**', '**/src/engine/**'], message: 'The renderer talks only to the API (import types from src/api/contract).' },
          ],
        },
      ],
    },
  },
);
