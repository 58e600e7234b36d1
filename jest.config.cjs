/** Jest runs TypeScript through ts-jest in transpile-only mode; `npm run typecheck` checks types once for the whole tree. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { jsx: 'react-jsx', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, isolatedModules: true } }],
  },
  // d3's packages (under @fluentui/react-charts) ship ES modules and a UMD build: jest's CommonJS takes the UMD build.
  moduleNameMapper: { '^(d3-[a-z-]+)$': '<rootDir>/node_modules/$1/dist/$1.js' },
  testTimeout: 60000,
  // The CLI the tests spawn is the compiled one users run, built from the current sources.
  globalSetup: '<rootDir>/tests/helpers/buildCli.cjs',
};
