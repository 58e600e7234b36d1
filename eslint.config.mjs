// Read by office-addin-lint (it uses ./eslint.config.mjs when present): the Office add-in rules
// (with prettier and typescript-eslint), and the product's own: no `any`, no host APIs in src/core.
import officeAddins from 'eslint-plugin-office-addins';
import tsParser from '@typescript-eslint/parser';

const recommended = officeAddins.configs.recommended;
// The same plugin objects the Office config registers (ESLint refuses a second copy under one name).
const plugins = recommended.find((c) => c.plugins)?.plugins ?? {};

export default [
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  ...recommended.map((c) => (c.files ? { ...c, files: ['**/*.{js,mjs,cjs,ts,tsx}'] } : c)),
  {
    files: ['**/*.{ts,tsx}'],
    plugins,
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      'no-unused-vars': 'off',
      'no-undef': 'off', // TypeScript checks names, including Office and Excel globals
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The Office.js rules (load before read, sync before read) speak of Excel's proxy objects; outside
    // the Office adapter the same method names belong to ExcelJS and plain data.
    files: ['**/*.{ts,tsx}'],
    ignores: ['src/office/**'],
    rules: Object.fromEntries(Object.keys(plugins['office-addins']?.rules ?? {}).map((r) => [`office-addins/${r}`, 'off'])),
  },
  {
    files: ['src/core/**/*.ts'],
    plugins,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', '@fluentui/*', 'exceljs', 'fflate', 'fs', 'path', 'os', 'node:*', 'child_process'],
              message: 'src/core is pure: no UI, file or Node imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Office', 'Excel', 'window', 'document', 'process', 'require'],
    },
  },
];
